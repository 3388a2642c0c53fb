"""Snakepit's behaviour probe: a PEP 578 audit hook that records (and at import time blocks)
what a package does inside a sandbox. Standard library only; Python 3.8+. See python/README.md."""
