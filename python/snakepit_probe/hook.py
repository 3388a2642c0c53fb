"""The PEP 578 audit hook: one JSON line per event, appended and flushed at once so a killed
process still leaves what it did. Dangerous actions are refused (PermissionError) in the phases
where a package has no business doing them; the event then says "blocked": true.

Configured by environment variables (set by Snakepit, inherited by every child interpreter):
  SNAKEPIT_PROBE_EVENTS       file the events are appended to (the hook is inert without it)
  SNAKEPIT_PROBE_PHASE        install | import | test (default import)
  SNAKEPIT_PROBE_MODULE       the module being imported (import phase)
  SNAKEPIT_PROBE_BLOCK        comma list of network,process,write, or "none" (default per phase)
  SNAKEPIT_PROBE_ALLOW_WRITE  extra directories writes may go to (os.pathsep separated)
"""
import json
import os
import sys
import threading
import time

from . import bait, paths, sinkhole

DEFAULT_BLOCK = {
    "import": frozenset(("network", "process", "write")),
    "install": frozenset(("network", "write")),
    "test": frozenset(),
}
_DECODERS = (
    "b64decode",
    "b32decode",
    "b16decode",
    "b85decode",
    "a85decode",
    "decodebytes",
    "decompress",
    "zlib",
    "marshal",
    "fromhex",
    "unhexlify",
    "codecs.decode",
    "rot13",
    "rot_13",
    "chr(",
    "[::-1]",
)
# What pip itself compiles from a string to run a setup.py.
_TOOL_SHIMS = frozenset(("<pip-setuptools-caller>",))
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_DETAIL_MAX = 300
_HARMLESS_DEVICES = frozenset(("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"))

_local = threading.local()
_config = None


class _Config:
    def __init__(self, phase, events_path, module, block, allow_write):
        self.phase = phase
        self.events_path = events_path
        self.module = module
        self.block = block
        self.stage = None
        self.fd = _open_events(events_path)
        home = os.environ.get("HOME", "")
        tmp = os.path.realpath(os.environ.get("TMPDIR") or "/tmp")
        cache = os.path.realpath(os.environ.get("XDG_CACHE_HOME") or os.path.join(home or tmp, ".cache"))
        allowed = [tmp, cache, "/dev/null"] + [os.path.realpath(p) for p in allow_write if p]
        if phase in ("install", "test"):
            allowed.append(os.path.realpath(sys.prefix))
        if phase == "test":
            allowed.append(os.path.realpath(os.getcwd()))
        self.allowed = allowed
        self.home = os.path.realpath(home) if home else ""
        # A home that holds the temp dir or the environment cannot be guarded as a whole (docker: HOME=/tmp).
        guardable = self.home not in ("", "/") and self.home not in allowed
        self.home_guard = [self.home] if guardable else []
        self.allowed_in_home = [a for a in allowed if self.home and a != self.home and paths.under(a, [self.home])]


def _open_events(path):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory, exist_ok=True)
    return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)


def install(phase, events_path, module=None, block=None, allow_write=()):
    """Installs the hook once per interpreter; later calls only update the module being imported."""
    global _config
    if _config is not None:
        _config.module = module
        return
    if block is None:
        block = DEFAULT_BLOCK.get(phase, frozenset())
    _config = _Config(phase, events_path, module, frozenset(block), tuple(allow_write))
    _watch_environ()
    _mark_installed()
    sys.addaudithook(_hook)


def _mark_installed():
    """One line saying from when this process is watched: the syscall trace holds what came after against the events."""
    record = {"phase": _config.phase, "event": "snakepit.hook", "kind": "hook", "detail": "", "pid": os.getpid(), "t": round(time.time(), 6)}
    record.update(allowed=_config.allowed, home=_config.home)
    if _config.module:
        record["module"] = _config.module
    _write_all(_config.fd, (json.dumps(record) + "\n").encode("ascii"))


def install_from_env():
    events = os.environ.get("SNAKEPIT_PROBE_EVENTS")
    if not events:
        return False
    phase = os.environ.get("SNAKEPIT_PROBE_PHASE", "import")
    block_env = os.environ.get("SNAKEPIT_PROBE_BLOCK")
    block = None
    if block_env is not None:
        block = frozenset() if block_env in ("", "none") else frozenset(b.strip() for b in block_env.split(","))
    allow = os.environ.get("SNAKEPIT_PROBE_ALLOW_WRITE", "").split(os.pathsep)
    home = os.environ.get("HOME")
    if _config is None and home and home != "/":
        # Before the hook is on (only the first time in this interpreter): planting is not the package's doing.
        bait.plant(home)
    install(phase, events, os.environ.get("SNAKEPIT_PROBE_MODULE") or None, block, allow)
    return True


def set_module(module):
    if _config is not None:
        _config.module = module


def set_stage(stage):
    """What the process is doing when later events happen: after-import (threads the import left), at-exit, …"""
    if _config is not None:
        _config.stage = stage


# ---- recording -------------------------------------------------------------------------------


def _emit(event, kind, detail, frame, blocked=False, **extra):
    config = _config
    record = {"phase": config.phase, "event": event, "kind": kind, "detail": _short(detail)}
    origin = paths.origin_frame(frame)
    if config.module:
        record["module"] = config.module
    if config.stage:
        record["stage"] = config.stage
    if origin is not None:
        filename = origin.f_code.co_filename
        if filename.startswith("<"):
            # Code exec'd from a string (setuptools' build_meta runs setup.py that way): name the file
            # whose globals it ran in, and say so.
            owner = origin.f_globals.get("__file__")
            if isinstance(owner, str) and owner:
                filename = owner
                record["viaExec"] = True
        if not filename.startswith("<") and not os.path.isabs(filename):
            # setuptools runs `setup.py` relative to the unpacked sdist: the full path names the package.
            filename = os.path.abspath(filename)
        record["origin"] = "%s:%d" % (filename, origin.f_lineno)
    if blocked:
        record["blocked"] = True
    if kind != "sensitive-read" and bait.found_in(str(detail)):
        record["bait"] = True
    record["pid"] = os.getpid()
    record["t"] = round(time.time(), 6)
    record.update(extra)
    data = (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")
    try:
        _write_all(config.fd, data)
    except OSError:
        # The package closed our descriptor: open the file again.
        config.fd = _open_events(config.events_path)
        _write_all(config.fd, data)


def _write_all(fd, data):
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _short(text):
    text = str(text).replace("\n", "\\n")
    return text if len(text) <= _DETAIL_MAX else text[: _DETAIL_MAX - 1] + "\u2026"


def _tool_origin(frame):
    origin = paths.origin_frame(frame)
    return origin is None or paths.is_tool(origin.f_code.co_filename)


def _act(event, kind, detail, frame, category):
    """Records an event of a blockable category and refuses it when the phase blocks that category."""
    config = _config
    if config.phase == "install" and category != "write" and _tool_origin(frame):
        return
    blocked = category in config.block
    _emit(event, kind, detail, frame, blocked=blocked)
    if blocked:
        raise PermissionError("snakepit probe: %s (%s) blocked during %s" % (event, _short(detail)[:120], config.phase))


# ---- event handlers --------------------------------------------------------------------------


def _address(address):
    if isinstance(address, tuple) and len(address) >= 2:
        return "%s:%s" % (address[0], address[1])
    return paths.as_path(address) or repr(address)


_LOOPBACK = ("127.", "::1", "localhost", "0:0:0:0:0:0:0:1")


def _on_connect(event, args, frame):
    address = args[1]
    # Binding to loopback reaches nobody (urllib3 binds ::1 at import to test for IPv6 support).
    if event == "socket.bind" and isinstance(address, tuple) and str(address[0]).startswith(_LOOPBACK):
        return
    detail = _address(address)
    name = sinkhole.name_of(address[0]) if isinstance(address, tuple) and address else None
    _act(event, "network", "%s (%s)" % (detail, name) if name else detail, frame, "network")


def _on_lookup(event, args, frame):
    host = args[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    port = args[1] if event == "socket.getaddrinfo" and len(args) > 1 else None
    detail = "%s:%s" % (host, port) if port is not None else str(host)
    answer = sinkhole.answer_for(host)
    if answer is not None:
        # Answered with a sinkhole address (the name is not looked up): recorded, not refused, so code that checks for a
        # network goes on to the connection, which is.
        _emit(event, "network", "%s -> %s (sinkhole)" % (detail, answer), frame, sinkhole=True)
        return
    _act(event, "network", detail, frame, "network")


# What ctypes.util.find_library runs to find a library (ldconfig -p, gcc, ld, objdump): looking a library up.
_LIBRARY_LOOKUPS = frozenset(("_findSoname_ldconfig", "_findLib_gcc", "_findLib_ld", "_get_soname"))
_LOOKUP_TOOLS = frozenset(("ldconfig", "gcc", "cc", "ld", "objdump", "x86_64-linux-gnu-gcc"))


def _library_lookup(event, args, frame):
    """True for find_library's own helper processes: allowed and recorded as such, not as the package's process."""
    if event != "subprocess.Popen" or not isinstance(args[1], (list, tuple)) or not args[1]:
        return False
    if os.path.basename(str(args[1][0])) not in _LOOKUP_TOOLS:
        return False
    while frame is not None and paths.is_stdlib(frame.f_code.co_filename):
        code = frame.f_code
        if code.co_name in _LIBRARY_LOOKUPS and code.co_filename.endswith(os.path.join("ctypes", "util.py")):
            return True
        frame = frame.f_back
    return False


def _on_process(event, args, frame):
    if _library_lookup(event, args, frame):
        _emit(event, "process", " ".join(map(str, args[1])), frame, libraryLookup=True)
        return
    if event == "subprocess.Popen":
        argv = args[1]
        detail = " ".join(map(str, argv)) if isinstance(argv, (list, tuple)) else str(argv)
    elif event in ("os.system",):
        detail = paths.as_path(args[0]) or repr(args[0])
    elif event in ("os.exec", "os.posix_spawn"):
        detail = " ".join(map(str, args[1])) if args[1] else str(args[0])
    elif event == "os.spawn":
        detail = " ".join(map(str, args[2])) if args[2] else str(args[1])
    elif event == "pty.spawn":
        detail = " ".join(map(str, args[0])) if isinstance(args[0], (list, tuple)) else str(args[0])
    else:
        detail = event
    _act(event, "process", detail, frame, "process")


def _write_outside(path):
    config = _config
    if path is None or path in _HARMLESS_DEVICES:
        return None
    resolved = paths.resolve(path)
    if config.home_guard and paths.under(resolved, config.home_guard) and not paths.under(resolved, config.allowed_in_home):
        return resolved
    return None if paths.under(resolved, config.allowed) else resolved


def _check_write(event, targets, frame, what):
    for target in targets:
        outside = _write_outside(paths.as_path(target))
        if outside is not None:
            _act(event, "write", "%s %s" % (what, outside), frame, "write")
            return


def _check_read(event, target, frame):
    path = paths.as_path(target)
    if path is None:
        return
    resolved = paths.resolve(path)
    if paths.sensitive(resolved, _config.home):
        if _config.phase == "install" and _tool_origin(frame):
            return
        _emit(event, "sensitive-read", resolved, frame)


def _on_open(event, args, frame):
    path, mode, flags = (list(args) + [None, None, None])[:3]
    if isinstance(mode, str):
        writing = any(c in mode for c in "wax+")
    else:
        writing = bool((flags or 0) & _WRITE_FLAGS)
    if writing:
        _check_write(event, [path], frame, "write" if not isinstance(mode, str) else "open(%r)" % mode)
    else:
        _check_read(event, path, frame)


def _on_listing(event, args, frame):
    if args and args[0] is not None:
        _check_read(event, args[0], frame)


# Written paths of each file-changing event: (index of the path, index of its dir_fd or None).
_WRITTEN = {
    "os.rename": ((1, 3), (0, 2)),
    "os.link": ((1, 3),),
    "os.symlink": ((1, 2),),
    "shutil.copyfile": ((1, None),),
    "shutil.copymode": ((1, None),),
    "shutil.copystat": ((1, None),),
    "shutil.copytree": ((1, None),),
    "shutil.move": ((1, None), (0, None)),
    "os.remove": ((0, 1),),
    "os.rmdir": ((0, 1),),
    "os.mkdir": ((0, 2),),
    "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),),
    "os.truncate": ((0, None),),
    "os.utime": ((0, 3),),
    "os.setxattr": ((0, None),),
    "os.removexattr": ((0, None),),
    "shutil.rmtree": ((0, 1),),
    "shutil.chown": ((0, None),),
}


def _relative_to_fd(path, dir_fd):
    """`path` as absolute: relative names given with dir_fd (shutil.rmtree's way) resolve against that directory."""
    path = paths.as_path(path)
    if path is None or os.path.isabs(path) or not isinstance(dir_fd, int):
        return path
    try:
        return os.path.join(os.readlink("/proc/self/fd/%d" % dir_fd), path)
    except OSError:
        return None


def _on_file_change(event, args, frame):
    targets = []
    for index, fd_index in _WRITTEN[event]:
        if index < len(args):
            dir_fd = args[fd_index] if fd_index is not None and fd_index < len(args) else None
            targets.append(_relative_to_fd(args[index], dir_fd))
    _check_write(event, targets, frame, event)


def _on_dlopen(event, args, frame):
    if _config.phase == "install" and _tool_origin(frame):
        return
    if paths.origin_frame(frame) is None or _stdlib_load(frame):
        return
    _emit(event, "native", paths.as_path(args[0]) or repr(args[0]), frame)


def _stdlib_load(frame):
    """ctypes' own `pythonapi = PyDLL(None)` when a package imports ctypes (or uuid's libuuid): the library's doing."""
    library = os.path.join("ctypes", "__init__.py")
    while frame is not None and frame.f_code.co_filename.endswith(library) and frame.f_code.co_name != "<module>":
        frame = frame.f_back
    return frame is not None and paths.is_stdlib(frame.f_code.co_filename)


def _caller_line(frame):
    origin = paths.origin_frame(frame)
    if origin is None:
        return ""
    import linecache

    return linecache.getline(origin.f_code.co_filename, origin.f_lineno).strip()


def _caller_context(frame, before=5):
    origin = paths.origin_frame(frame)
    if origin is None:
        return ""
    import linecache

    filename, lineno = origin.f_code.co_filename, origin.f_lineno
    return "\n".join(linecache.getline(filename, n) for n in range(max(1, lineno - before), lineno + 1))


def _on_compile(event, args, frame):
    source, filename = args[0], args[1]
    if not isinstance(filename, str) or not filename.startswith("<") or filename in _TOOL_SHIMS:
        return
    if not isinstance(source, (str, bytes)):
        return
    if _library_made(frame):
        return
    line = _caller_line(frame)
    # The event always carries bytes, whatever exec() was given: decoding is judged from the code
    # that called it (this line and the few before, where the payload is usually prepared).
    decoded = any(d in _caller_context(frame) for d in _DECODERS)
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    _emit(event, "dynamic-code", "%s | called by: %s" % (text[:120], line[:150]), frame, decoded=decoded)


def _library_made(frame):
    """Code the standard library or a build tool compiles itself (importlib, namedtuple, dataclasses, pip)."""
    if frame is None:
        return True
    filename = frame.f_code.co_filename
    return paths.is_stdlib(filename) or (_config.phase == "install" and paths.is_tool(filename))


def _on_marshal(event, args, frame):
    if _library_made(frame):
        return
    _emit(event, "dynamic-code", "marshal.loads of %d bytes | called by: %s" % (len(args[0]) if hasattr(args[0], "__len__") else -1, _caller_line(frame)[:150]), frame, decoded=True)


def _on_url(event, args, frame):
    if _config.phase == "install" and _tool_origin(frame):
        return
    _emit(event, "network" if event == "urllib.Request" else "browser", str(args[0]), frame)


_HANDLERS = {
    "socket.connect": _on_connect,
    "socket.sendto": _on_connect,
    "socket.bind": _on_connect,
    "socket.getaddrinfo": _on_lookup,
    "socket.gethostbyname": _on_lookup,
    "socket.gethostbyname_ex": _on_lookup,
    "socket.gethostbyaddr": _on_lookup,
    "subprocess.Popen": _on_process,
    "os.system": _on_process,
    "os.exec": _on_process,
    "os.posix_spawn": _on_process,
    "os.spawn": _on_process,
    "os.fork": _on_process,
    "os.forkpty": _on_process,
    "pty.spawn": _on_process,
    "open": _on_open,
    "os.listdir": _on_listing,
    "os.scandir": _on_listing,
    "glob.glob": _on_listing,
    "ctypes.dlopen": _on_dlopen,
    "compile": _on_compile,
    "marshal.loads": _on_marshal,
    "urllib.Request": _on_url,
    "webbrowser.open": _on_url,
}
_HANDLERS.update((event, _on_file_change) for event in _WRITTEN)


def _hook(event, args):
    handler = _HANDLERS.get(event)
    if handler is None or getattr(_local, "busy", False):
        return
    _local.busy = True
    try:
        try:
            frame = sys._getframe(1)
        except ValueError:  # raised from C with no Python frame above (interpreter start-up)
            frame = None
        handler(event, args, frame)
    finally:
        _local.busy = False


# ---- environment variables -------------------------------------------------------------------

_BULK = frozenset(("copy", "__iter__", "items", "values", "keys", "__eq__", "__repr__", "update", "__len__"))
_MAPPING_FILES = ("os.py", "_collections_abc.py", "<frozen os>", "<frozen _collections_abc>")


def _direct_reader(frame):
    """The frame that asked for one variable by name, or None when the whole environment is being copied."""
    start = frame
    while frame is not None and frame.f_code.co_filename.endswith(_MAPPING_FILES):
        if frame.f_code.co_name in _BULK:
            return None
        frame = frame.f_back
    if frame is start and frame is not None and not _subscripting(frame):
        return None  # called straight from C: dict(os.environ), {**os.environ}, …
    return frame


def _subscripting(frame):
    import dis

    code = frame.f_code.co_code
    return 0 <= frame.f_lasti < len(code) and dis.opname[code[frame.f_lasti]] == "BINARY_SUBSCR"


def _record_env_read(key, present):
    if _config is None or getattr(_local, "busy", False):
        return
    name = key.decode("ascii", "replace") if isinstance(key, bytes) else str(key)
    if not paths.TOKEN_NAME.search(name):
        return
    _local.busy = True
    try:
        try:
            reader = _direct_reader(sys._getframe(2))
        except ValueError:
            return
        if reader is None or paths.origin_frame(reader) is None:
            return
        if _config.phase == "install" and paths.is_tool(paths.origin_frame(reader).f_code.co_filename):
            return
        _emit("os.environ", "env-read", "%s (%s)" % (name, "set" if present else "unset"), reader)
    finally:
        _local.busy = False


def _watch_environ():
    environ = os.environ
    base = type(environ)
    if getattr(base, "_snakepit_watched", False):
        return

    class WatchedEnviron(base):
        _snakepit_watched = True

        def __getitem__(self, key):
            try:
                value = base.__getitem__(self, key)
            except KeyError:
                _record_env_read(key, False)
                raise
            _record_env_read(key, True)
            return value

    try:
        environ.__class__ = WatchedEnviron
    except TypeError:
        pass
