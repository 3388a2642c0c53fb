"""Stand-ins for what a module's import needs but this machine lacks, so the code after that point still runs.

A payload guarded by a Windows-only import (`import winreg`, `from ctypes import windll`) or by a dependency that is not
installed stops at that line here, and "import failed" says nothing about intent. As package-analysis's execute phase
mocks what is missing, the probe puts a stand-in where the import failed and imports the module again, a bounded number
of times; everything it then does is recorded under the hook as usual. The stand-in accepts any use: attributes, calls,
indexing, iteration (empty), arithmetic, context managers; it is truthy, so `if windll:` goes on.
"""
import importlib
import importlib.abc
import importlib.machinery
import re
import sys
import types

# How many missing names one import may be given before it is reported as failed.
LIMIT = 8

# Windows ways to start a program: a call of a stand-in by one of these names is reported as the process start it
# would have been (through the audit event os.system raises, so the hook records and blocks it as such).
_STARTS_A_PROCESS = re.compile(r"(^|\.)(startfile|ShellExecuteW?|ShellExecuteExW?|WinExec|CreateProcessW?|CreateProcessAsUserW?)$")

_CANNOT_IMPORT = re.compile(r"cannot import name '([A-Za-z_][\w]*)' from '([\w.]+)'")
_NO_ATTRIBUTE = re.compile(r"module '([\w.]+)' has no attribute '([A-Za-z_][\w]*)'")


class StandIn:
    """Answers every use with another stand-in (or a neutral value where Python insists on a type)."""

    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attribute):
        if attribute.startswith("__") and attribute.endswith("__"):
            raise AttributeError(attribute)
        return StandIn("%s.%s" % (self._name, attribute))

    def __setattr__(self, attribute, value):
        pass

    def __call__(self, *args, **kwargs):
        if _STARTS_A_PROCESS.search(self._name):
            shown = ", ".join(repr(a)[:120] for a in args)
            try:
                sys.audit("os.system", ("%s(%s) [a stand-in: Windows-only]" % (self._name, shown)).encode())
            except OSError:
                pass  # blocked by the hook, which recorded it first; the stand-in would have done nothing anyway
        return StandIn("%s()" % self._name)

    def __getitem__(self, key):
        return StandIn("%s[]" % self._name)

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0

    def __bool__(self):
        return True

    def __int__(self):
        return 0

    def __index__(self):
        return 0

    def __float__(self):
        return 0.0

    def __str__(self):
        return ""

    def __repr__(self):
        return "<stand-in %s>" % self._name

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __mro_entries__(self, bases):
        # `class Window(win32gui.Base):` — a class may derive from a stand-in.
        return (object,)

    def _same(self, *args):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __or__ = __ror__ = __and__ = _same


class _StandInModule(types.ModuleType):
    """A module of stand-ins; also a package, so `import win32com.client` finds its submodules."""

    def __init__(self, name):
        super().__init__(name)
        self.__path__ = []
        self.__all__ = []

    def __getattr__(self, attribute):
        if attribute.startswith("__") and attribute.endswith("__"):
            raise AttributeError(attribute)
        return StandIn("%s.%s" % (self.__name__, attribute))


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the stood-in modules and everything under them."""

    def __init__(self):
        self.names = set()

    def covers(self, fullname):
        return any(fullname == name or fullname.startswith(name + ".") for name in self.names)

    def find_spec(self, fullname, path=None, target=None):
        if not self.covers(fullname):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        return _StandInModule(spec.name)

    def exec_module(self, module):
        pass


_finder = _StandInFinder()


def _forget(prefix):
    """Drops a failed import's half-made modules, so the next attempt runs them from the top."""
    for name in [n for n in sys.modules if n == prefix or n.startswith(prefix + ".")]:
        del sys.modules[name]


def _stand_in_for(error, target):
    """Puts a stand-in where `error` says something is missing; returns what was stood in, or None."""
    if isinstance(error, ModuleNotFoundError) and error.name:
        missing = error.name
        if missing == target or missing.startswith(target + ".") or _finder.covers(missing):
            return None
        if _finder not in sys.meta_path:
            sys.meta_path.insert(0, _finder)
        _finder.names.add(missing)
        return missing
    text = str(error)
    found = _CANNOT_IMPORT.search(text) if isinstance(error, ImportError) else _NO_ATTRIBUTE.search(text) if isinstance(error, AttributeError) else None
    if not found:
        return None
    attribute, module_name = (found.group(1), found.group(2)) if isinstance(error, ImportError) else (found.group(2), found.group(1))
    module = sys.modules.get(module_name)
    if module is None or module_name == target or module_name.startswith(target + ".") or hasattr(module, attribute):
        return None
    setattr(module, attribute, StandIn("%s.%s" % (module_name, attribute)))
    return "%s.%s" % (module_name, attribute)


def import_module(name):
    """Imports `name`, standing in for what is missing (at most LIMIT names); returns the stood-in names.

    Raises the import's own error when it fails for another reason, or still fails with LIMIT stand-ins.
    """
    stood_in = []
    while True:
        try:
            importlib.import_module(name)
            return stood_in
        except (ImportError, AttributeError) as error:
            missing = _stand_in_for(error, name.partition(".")[0]) if len(stood_in) < LIMIT else None
            if missing is None:
                error.stand_ins = stood_in
                raise
            stood_in.append(missing)
            _forget(name.partition(".")[0])
