"""Running a user's program as `__main__` inside a sandbox, as `python program.py args` would.

Shared by the pdb bridge and the profiler. Standard library only.
"""
import os
import sys
import types


def prepare_main(program, args):
    """Sets argv, sys.path[0] and a fresh `__main__` for `program`; returns its compiled code and globals."""
    sys.argv = [program] + [str(a) for a in args]
    sys.path[0] = os.path.dirname(program)
    main = types.ModuleType('__main__')
    main.__dict__.update({'__file__': program, '__builtins__': __builtins__})
    sys.modules['__main__'] = main
    with open(program, 'rb') as handle:
        code = compile(handle.read(), program, 'exec')
    return code, main.__dict__


def exit_code(code):
    """The process exit status for `SystemExit(code)`: a message is printed to stderr and gives 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write('%s\n' % code)
    return 1
