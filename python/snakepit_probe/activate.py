"""Importing this module installs the hook from the environment (see hook.py).

`python -m snakepit_probe.activate --write-pth` writes `00_snakepit_probe.pth` into the running
interpreter's site-packages, so every interpreter of that environment installs the hook at start,
including pip's isolated build backends (pip replaces PYTHONPATH for them, a .pth survives that).
"""
import os
import sys

from .hook import install_from_env

PTH_NAME = "00_snakepit_probe.pth"

install_from_env()


def write_pth():
    import sysconfig

    site_packages = sysconfig.get_paths()["purelib"]
    helpers = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.path.join(site_packages, PTH_NAME)
    with open(target, "w") as handle:
        handle.write(helpers + "\nimport snakepit_probe.activate\n")
    return target


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-pth"]:
        sys.stderr.write("usage: python -m snakepit_probe.activate --write-pth\n")
        sys.exit(2)
    print(write_pth())
