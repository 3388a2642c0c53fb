"""Honeytokens: convincing but fake credentials planted where stealers look, in the probe's own home.

A package that reads them shows what it is after; one that sends them anywhere (a network call, a
process's arguments, a file outside the scratch) is caught red-handed: every value is unique to
Snakepit, so seeing it in an event's details is proof, not a guess.
"""
import base64
import os

ACCESS_KEY = "AKIASNAKEPITBAIT7Q2X"
SECRET_KEY = "snakepitBAIT/wJalrXUtnFEMI/K7MDENG/bPxRfiCY9Q2XZ"
GITHUB_TOKEN = "ghp_snakepitBAIT0000000000000000000000000"
PYPI_TOKEN = "pypi-AgEIcHlwaS5vcmcsnakepitBAIT00000000000000"
SSH_KEY_LINE = "b3BlbnNzaC1rZXktdjEAAAAAsnakepitBAITAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
PASSWORD = "snakepitBAIT-hunter2"

ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    "GITHUB_TOKEN": GITHUB_TOKEN,
    "PYPI_TOKEN": PYPI_TOKEN,
}

FILES = {
    ".ssh/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n-----END OPENSSH PRIVATE KEY-----\n" % SSH_KEY_LINE,
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
