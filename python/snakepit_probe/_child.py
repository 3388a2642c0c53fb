"""One module's import, in a fresh interpreter started with -S by import_modules.

The hook goes in first, then site-packages are added (so a package's own .pth files run under the
hook too), then the module is imported. Payloads that wait are given their chance, still under the
hook: sleeps are fast-forwarded (a thread that sleeps a minute before acting acts at once), threads
the import started (daemon or not) get a grace period, then the atexit handlers run. Status lines
(JSON) go to the file named by SNAKEPIT_PROBE_STATUS: {"baselineKb"} before the import, {"ok",
"importMs", "error"} after it, then {"stage"} as it goes: after-import, at-exit, done.
"""
import atexit
import json
import os
import sys
import threading
import time
import traceback

# How long threads started by the import may run on (sleeps are fast-forwarded meanwhile).
GRACE_S = float(os.environ.get("SNAKEPIT_PROBE_GRACE_S") or 3.0)
# The longest a sleep or a Timer really waits: "sleep-then-act" acts within the grace period.
_MAX_SLEEP_S = 0.02


def _status(handle, **fields):
    handle.write(json.dumps(fields) + "\n")
    handle.flush()


def _rss_kb():
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def _describe(error):
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = " (at %s:%s in %s)" % (last.filename, last.lineno, last.name)
    return "%s: %s%s" % (type(error).__name__, error, where)


def _fast_forward_waits():
    real_sleep = time.sleep

    def sleep(seconds):
        real_sleep(min(max(seconds, 0), _MAX_SLEEP_S))

    time.sleep = sleep
    timer_init = threading.Timer.__init__

    def init(self, interval, *args, **kwargs):
        timer_init(self, min(interval, _MAX_SLEEP_S), *args, **kwargs)

    threading.Timer.__init__ = init


def _let_threads_run(hook):
    """Waits (at most GRACE_S) for the threads the import left running, daemon ones too."""
    hook.set_stage("after-import")
    deadline = time.monotonic() + GRACE_S
    for thread in threading.enumerate():
        if thread is threading.current_thread():
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        thread.join(remaining)


def _run_exit_handlers(hook):
    hook.set_stage("at-exit")
    try:
        atexit._run_exitfuncs()
    except BaseException:  # an exit handler's failure is the package's; the record is what matters
        pass


def _run_entry_point(hook, script, target):
    """Calls a console script's function as its launcher would: `script --help`, then `script` alone (stdin is empty)."""
    import importlib

    module_name, _, attribute = target.partition(":")
    hook.set_stage("entry-point")
    function = importlib.import_module(module_name.strip())
    for part in attribute.strip().split(".") if attribute.strip() else []:
        function = getattr(function, part)
    for argv in ([script, "--help"], [script]):
        sys.argv[:] = argv
        try:
            function()
        except BaseException:  # SystemExit from argparse, a usage error: a CLI ends so; what it did is recorded
            pass


def main():
    # `python -m snakepit_probe._child MODULE [SUBMODULE…]`, or `… --entry-point SCRIPT MODULE:ATTR` (run after
    # importing MODULE). Submodules are imported after MODULE in the same interpreter, each recorded on its own.
    entry_point = sys.argv[1] == "--entry-point"
    script, target = (sys.argv[2], sys.argv[3]) if entry_point else (None, None)
    name = target.partition(":")[0].strip() if entry_point else sys.argv[1]
    submodules = [] if entry_point else sys.argv[2:]
    status = open(os.environ["SNAKEPIT_PROBE_STATUS"], "a")
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", cwd)]

    from snakepit_probe import hook, sinkhole, stand_ins

    hook.install_from_env()
    sinkhole.install()
    _status(status, baselineKb=_rss_kb())
    memory_mb = int(os.environ.get("SNAKEPIT_PROBE_MEMORY_MB") or 0)
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    hook.set_module("<site .pth>")
    import site

    site.main()
    hook.set_module(name)
    _fast_forward_waits()

    started = time.perf_counter()
    stood_in = []
    try:
        stood_in = stand_ins.import_module(name)
    except MemoryError as error:
        _status(status, ok=False, importMs=_ms(started), error=_describe(error), memoryError=True, peakKb=_rss_kb())
        os._exit(3)
    except BaseException as error:  # SystemExit and KeyboardInterrupt at import are failures too
        _status(status, ok=False, importMs=_ms(started), error=_describe(error), peakKb=_rss_kb(), standIns=getattr(error, "stand_ins", []))
        os._exit(1)
    if entry_point:
        try:
            _run_entry_point(hook, script, target)
        except BaseException as error:  # the target does not exist or does not load: say so, as for an import
            _status(status, ok=False, importMs=_ms(started), error=_describe(error), peakKb=_rss_kb())
            os._exit(1)
    _status(status, ok=True, importMs=_ms(started), peakKb=_rss_kb(), standIns=stood_in)
    for submodule in submodules:
        hook.set_module(submodule)
        _status(status, subStart=submodule)
        began = time.perf_counter()
        try:
            sub_stood_in = stand_ins.import_module(submodule)
            _status(status, sub=submodule, ok=True, importMs=_ms(began), standIns=sub_stood_in)
        except BaseException as error:  # one submodule's failure does not hide the next one's behaviour
            _status(status, sub=submodule, ok=False, importMs=_ms(began), error=_describe(error), memoryError=isinstance(error, MemoryError), standIns=getattr(error, "stand_ins", []))
    hook.set_module(name)
    _status(status, stage="after-import")
    _let_threads_run(hook)
    _status(status, stage="at-exit")
    _run_exit_handlers(hook)
    _status(status, stage="done")
    # Threads still running after the grace period end with the process.
    os._exit(0)


def _ms(started):
    return round((time.perf_counter() - started) * 1000, 1)


if __name__ == "__main__":
    main()
