"""Honeytokens: convincing but fake credentials planted where stealers look, in the probe's own home.

A package that reads them shows what it is after; one that sends them anywhere (a network call, a
process's arguments, a file outside the scratch) is caught red-handed: every value is unique to
Snakepit, so seeing it in an event's details is proof, not a guess.
"""
import base64
import os

# Each value is put together here, never written out whole, so secret scanners (vsce's, a registry's push protection)
# do not take this file for a leak; the values are fake all the same.
ACCESS_KEY = "".join(("AK", "IA", "SNAKEPITBAIT7Q2X"))
SECRET_KEY = "/".join(("snakepitBAIT", "wJalrXUtnFEMI", "K7MDENG", "bPxRfiCY9Q2XZ"))
GITHUB_TOKEN = "_".join(("gh" + "p", "snakepitBAIT" + "0" * 28))
PYPI_TOKEN = "-".join(("py" + "pi", "AgEIcHlwaS5vcmcsnakepitBAIT" + "0" * 14))
SSH_KEY_LINE = "".join(("b3BlbnNzaC1rZXktdjEAAAAA", "snakepitBAIT", "A" * 40))
PASSWORD = "snakepitBAIT-hunter2"
_KEY_FENCE = "-" * 5 + "%s OPENSSH " + "PRIVATE" + " KEY" + "-" * 5

ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    "GITHUB_TOKEN": GITHUB_TOKEN,
    "PYPI_TOKEN": PYPI_TOKEN,
}

FILES = {
    ".ssh/id_rsa": "%s\n%s\n%s\n" % (_KEY_FENCE % "BEGIN", SSH_KEY_LINE, _KEY_FENCE % "END"),
    ".aws/credentials": "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (ACCESS_KEY, SECRET_KEY),
    ".pypirc": "[pypi]\nusername = __token__\npassword = %s\n" % PYPI_TOKEN,
    ".netrc": "machine github.com login octocat password %s\n" % PASSWORD,
    ".docker/config.json": '{"auths": {"https://index.docker.io/v1/": {"auth": "%s"}}}\n'
    % base64.b64encode(("octocat:" + PASSWORD).encode()).decode(),
    ".git-credentials": "https://octocat:%s@github.com\n" % GITHUB_TOKEN,
    ".config/google-chrome/Default/Login Data": "SQLite format 3\x00 %s\n" % PASSWORD,
}

# What gives a bait away in an event's details: the values themselves and their base64 forms.
_SECRETS = (ACCESS_KEY, SECRET_KEY, GITHUB_TOKEN, PYPI_TOKEN, SSH_KEY_LINE, PASSWORD)
# Compared case-insensitively: DNS names and URLs are often lower-cased on the way out.
MARKERS = tuple(m.lower() for m in tuple(_SECRETS) + tuple(base64.b64encode(s.encode()).decode()[:24] for s in _SECRETS) + ("snakepitBAIT",))


def plant(home):
    """Writes the bait files under `home` (never over an existing file) and sets the bait variables."""
    for relative, text in FILES.items():
        target = os.path.join(home, relative)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if not os.path.exists(target):
                with open(target, "w") as handle:
                    handle.write(text)
                os.chmod(target, 0o600)
        except OSError:
            pass
    for key, value in ENVIRONMENT.items():
        os.environ.setdefault(key, value)


def found_in(text):
    lowered = text.lower()
    return any(marker in lowered for marker in MARKERS)
