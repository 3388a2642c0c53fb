"""Which paths a package may write to, which reads are sensitive, where a call came from."""
import os
import re
import sys

_STDLIB_DIRS = tuple(
    sorted(
        {
            os.path.dirname(os.__file__),
            os.path.join(sys.base_prefix, "lib"),
        }
    )
)
_PROBE_DIR = os.path.dirname(os.path.abspath(__file__))

# Build front-ends and back-ends: their own processes and files are not the package's doing.
_TOOL_PACKAGES = frozenset(
    (
        "pip",
        "setuptools",
        "pkg_resources",
        "_distutils_hack",
        "distutils",
        "wheel",
        "flit_core",
        "hatchling",
        "poetry",
        "pdm",
        "mesonpy",
        "scikit_build_core",
        "setuptools_scm",
        "packaging",
    )
)

_SENSITIVE_HOME = (
    ".ssh",
    ".aws",
    ".gnupg",
    ".netrc",
    ".pypirc",
    ".git-credentials",
    ".docker/config.json",
    ".kube/config",
    ".config/gh",
    ".config/gcloud",
    ".azure",
    ".local/share/keyrings",
    ".password-store",
    ".mozilla/firefox",
    ".config/google-chrome",
    ".config/chromium",
    ".config/BraveSoftware",
    ".bash_history",
    ".zsh_history",
)
_SENSITIVE_ABSOLUTE = ("/etc/shadow", "/etc/gshadow", "/etc/passwd", "/etc/sudoers")
_HOME_ROOTS = re.compile(r"^(/root|/home/[^/]+)/")

# Not every AWS_* name: botocore reads feature switches (AWS_NEW_RETRIES_…) at import; the secret ones match
# ACCESS_KEY, SECRET or TOKEN.
TOKEN_NAME = re.compile(
    r"(TOKEN|SECRET|PASSW(OR)?D|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|SESSION_?KEY|^GH_|^GITHUB_|^PYPI_|^TWINE_|^NPM_)",
    re.IGNORECASE,
)


def as_path(value):
    """A str path from what an audit event carries (str, bytes, PathLike); None for file descriptors."""
    if isinstance(value, int) or value is None:
        return None
    try:
        return os.fsdecode(os.fspath(value))
    except TypeError:
        return None


def resolve(path):
    return os.path.realpath(os.path.join(os.getcwd(), path))


def under(path, prefixes):
    for prefix in prefixes:
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return True
    return False


def sensitive(path, home):
    if path.startswith(_SENSITIVE_ABSOLUTE):
        return True
    homes = [home] if home else []
    match = _HOME_ROOTS.match(path)
    if match:
        homes.append(match.group(1))
    for root in homes:
        if not root or not path.startswith(root.rstrip("/") + "/"):
            continue
        rest = path[len(root.rstrip("/")) + 1:]
        for name in _SENSITIVE_HOME:
            if rest == name or rest.startswith(name + "/"):
                return True
    return False


def is_stdlib(filename):
    if not filename or filename.startswith("<frozen"):
        return True
    if filename.startswith(_PROBE_DIR):
        return True
    if "site-packages" in filename or "dist-packages" in filename:
        return False
    return filename.startswith(_STDLIB_DIRS)


def is_tool(filename):
    for marker in ("/site-packages/", "/dist-packages/"):
        index = filename.rfind(marker)
        if index >= 0:
            top = filename[index + len(marker):].split("/", 1)[0]
            return top in _TOOL_PACKAGES or top.endswith(".dist-info")
    return "/pip/_vendor/" in filename or "/pip/_internal/" in filename


def origin_frame(frame):
    """The innermost frame that is neither the standard library nor the probe: the code that asked."""
    while frame is not None:
        if not is_stdlib(frame.f_code.co_filename):
            return frame
        frame = frame.f_back
    return None
