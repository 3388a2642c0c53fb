"""One module's import, in a fresh interpreter started with -S by import_modules.

The hook goes in first, then site-packages are added (so a package's own .pth files run under the
hook too), then the module is imported. Status lines (JSON) go to the file named by
SNAKEPIT_PROBE_STATUS: {"baselineKb"} before the import, {"ok", "importMs", "error"} after it.
"""
import json
import os
import sys
import time
import traceback


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


def main():
    name = sys.argv[1]
    status = open(os.environ["SNAKEPIT_PROBE_STATUS"], "a")
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", cwd)]

    from snakepit_probe import hook

    hook.install_from_env()
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
    import importlib

    started = time.perf_counter()
    try:
        importlib.import_module(name)
    except MemoryError as error:
        _status(status, ok=False, importMs=_ms(started), error=_describe(error), memoryError=True, peakKb=_rss_kb())
        os._exit(3)
    except BaseException as error:  # SystemExit and KeyboardInterrupt at import are failures too
        _status(status, ok=False, importMs=_ms(started), error=_describe(error), peakKb=_rss_kb())
        os._exit(1)
    _status(status, ok=True, importMs=_ms(started), peakKb=_rss_kb())
    # Skip atexit handlers and non-daemon threads the package may have left running.
    os._exit(0)


def _ms(started):
    return round((time.perf_counter() - started) * 1000, 1)


if __name__ == "__main__":
    main()
