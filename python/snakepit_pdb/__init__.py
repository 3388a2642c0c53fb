"""A small DAP-like bridge over bdb, for sandboxes where debugpy is not available.

Speaks JSON lines: requests on stdin, responses and events on stdout. The debugged
program's stdout becomes `output` events; its stdin is /dev/null. Standard library only.
"""
