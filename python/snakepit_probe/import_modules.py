"""Imports each top-level module in its own fresh child interpreter under the audit hook.

python -S -m snakepit_probe.import_modules --modules a,b --events FILE --result FILE
    [--timeout-s 30] [--memory-mb 0] [--block network,process,write|none] [--allow-write DIR]...
    [--entry-points DIST,DIST]

Result JSON: {"modules": [{"name", "ok", "error", "importMs", "peakRssKb", "timedOut",
"memoryError", "exitCode", "signal"}], "entryPoints": [{"script", "target", "dist", "ok", "error",
"timedOut", …}], "complete": true}. --entry-points: the console and GUI scripts those distributions
declare (at most MAX_ENTRY_POINTS each, in name order) are run after the imports, each in a child of
its own: `script --help`, then `script` with an empty stdin.; while running (or when the probe was killed
as a whole): "complete": false and "current": the module being imported. Events go to --events as JSON lines (see hook.py).
Run this parent with -S so it does not load the hook itself (the .pth in site-packages).
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_HELPERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="snakepit_probe.import_modules")
    parser.add_argument("--modules", required=True, help="comma-separated module names")
    parser.add_argument("--events", required=True)
    parser.add_argument("--result", required=True)
    parser.add_argument("--timeout-s", type=float, default=30.0)
    parser.add_argument("--memory-mb", type=int, default=0, help="address-space limit per child (0: none)")
    parser.add_argument("--block", default=None, help="categories to block (default: the import phase's)")
    parser.add_argument("--allow-write", action="append", default=[])
    parser.add_argument("--entry-points", default="", help="comma-separated distribution names whose scripts to run")
    args = parser.parse_args(argv)
    modules = [m.strip() for m in args.modules.split(",") if m.strip()]
    bad = [m for m in modules if not _MODULE.match(m)]
    if bad or not modules:
        parser.error("--modules must be comma-separated Python module names, got %r" % args.modules)
    args.module_list = modules
    return args


def _child_env(args, name, status_path, home):
    env = dict(os.environ)
    for key in ("PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONHOME"):
        env.pop(key, None)
    env.update(
        {
            "PYTHONPATH": _HELPERS,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "SNAKEPIT_PROBE_EVENTS": os.path.abspath(args.events),
            "SNAKEPIT_PROBE_PHASE": "import",
            "SNAKEPIT_PROBE_MODULE": name,
            "SNAKEPIT_PROBE_STATUS": status_path,
            "SNAKEPIT_PROBE_MEMORY_MB": str(args.memory_mb),
            "SNAKEPIT_PROBE_ALLOW_WRITE": os.pathsep.join(args.allow_write),
        }
    )
    if home:
        env["HOME"] = home
    if args.block is not None:
        env["SNAKEPIT_PROBE_BLOCK"] = args.block
    return env


def _read_status(path):
    """The child's own status (merged) and, apart, its submodules' lines (subStart / sub)."""
    lines = []
    try:
        with open(path) as handle:
            for line in handle:
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    pass
    except OSError:
        pass
    merged = {}
    for line in lines:
        if "sub" not in line and "subStart" not in line:
            merged.update(line)
    return merged, [line for line in lines if "sub" in line or "subStart" in line]


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _wait(pid, timeout_s):
    """(status, rusage, timed_out) of the child, killing its process group at the deadline."""
    deadline = time.monotonic() + timeout_s
    delay = 0.005
    while True:
        got, status, usage = os.wait4(pid, os.WNOHANG)
        if got == pid:
            return status, usage, False
        if time.monotonic() >= deadline:
            _kill_group(pid)
            _, status, usage = os.wait4(pid, 0)
            return status, usage, True
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


MAX_ENTRY_POINTS = 8
_GROUPS = ("console_scripts", "gui_scripts")


def _normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _site_packages():
    """The environment's site-packages: this parent runs with -S, so neither sys.path nor sys.prefix says (a venv's
    prefix comes from its pyvenv.cfg, which site.py would have read)."""
    import sysconfig

    prefix = os.path.dirname(os.path.dirname(os.path.abspath(sys.executable)))
    if not os.path.exists(os.path.join(prefix, "pyvenv.cfg")):
        return sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    # Debian's default scheme (posix_local) is not a venv's layout: name the venv scheme.
    scheme = "venv" if "venv" in sysconfig.get_scheme_names() else "posix_prefix"
    paths = sysconfig.get_paths(scheme=scheme, vars={"base": prefix, "platbase": prefix})
    return sorted({paths["purelib"], paths["platlib"]})


def declared_entry_points(dists):
    """(script, target, dist) for the named distributions' scripts, read from their metadata (nothing is imported)."""
    import importlib.metadata as metadata

    wanted = {_normalize(d) for d in dists}
    found = []
    for dist in metadata.distributions(path=_site_packages()):
        dist_name = _normalize(dist.metadata.get("Name") or "")
        if dist_name not in wanted:
            continue
        scripts = sorted((ep for ep in dist.entry_points if ep.group in _GROUPS), key=lambda ep: ep.name)
        found.extend((ep.name, ep.value, dist_name) for ep in scripts[:MAX_ENTRY_POINTS])
    return found


def _submodule_results(lines, timed_out, timeout_s):
    """One result per submodule the child reached: as it recorded it, or timed out for the one it was in."""
    results, started = [], []
    finished = {line["sub"]: line for line in lines if "sub" in line}
    for line in lines:
        if "subStart" in line:
            started.append(line["subStart"])
    for name in started:
        line = finished.get(name)
        if line is None:
            line = {"ok": False, "error": "import did not finish within %g s (killed)" % timeout_s if timed_out else "the interpreter ended during this import"}
        results.append(
            {
                "name": name,
                "ok": bool(line.get("ok")),
                "error": None if line.get("ok") else line.get("error"),
                "importMs": line.get("importMs", 0),
                "peakRssKb": 0,
                "timedOut": line is not finished.get(name) and timed_out,
                "memoryError": bool(line.get("memoryError")),
                "exitCode": None,
                "signal": None,
                "standIns": line.get("standIns") or [],
            }
        )
    return results


def probe_module(args, name, scratch, entry_point=None, submodules=()):
    label = name if entry_point is None else "script-" + re.sub(r"[^A-Za-z0-9_.-]", "_", entry_point[0])
    status_path = os.path.join(scratch, label + ".status")
    stderr_path = os.path.join(scratch, label + ".stderr")
    home = os.environ.get("HOME")
    argv = [name, *submodules] if entry_point is None else ["--entry-point", entry_point[0], entry_point[1]]
    with open(stderr_path, "wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-S", "-m", "snakepit_probe._child", *argv],
            cwd=scratch,
            env=_child_env(args, name, status_path, home),
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            start_new_session=True,
        )
        started = time.perf_counter()
        status, usage, timed_out = _wait(child.pid, args.timeout_s)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        child.returncode = 0  # reaped by wait4 above
    # Whatever the module left behind (forked children, daemons) goes with it.
    _kill_group(child.pid)
    report, sub_lines = _read_status(status_path)
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    baseline = report.get("baselineKb", 0)
    peak = max(usage.ru_maxrss, report.get("peakKb", 0))
    # Imported, then killed while its submodules, threads or exit handlers ran on: the import itself finished.
    lingered = bool(report.get("ok")) and report.get("stage") != "done"
    subs = _submodule_results(sub_lines, timed_out, args.timeout_s)
    if lingered:
        timed_out = False
    ok = bool(report.get("ok")) and not timed_out and (exit_code == 0 or lingered)
    error = report.get("error")
    if timed_out:
        error = "import did not finish within %g s (killed)" % args.timeout_s
    elif not ok and not error:
        error = _describe_death(exit_code, sig, stderr_path)
    own = {
        "name": name,
        "ok": ok,
        "error": None if ok else error,
        "importMs": report.get("importMs", elapsed_ms) if not timed_out else elapsed_ms,
        "peakRssKb": max(0, peak - baseline),
        "timedOut": timed_out,
        "memoryError": bool(report.get("memoryError")) or sig == signal.SIGKILL and not timed_out,
        "exitCode": exit_code,
        "signal": sig,
        "lingered": lingered,
        "standIns": report.get("standIns") or [],
    }
    return own if entry_point is not None else [own, *subs]


def _describe_death(exit_code, sig, stderr_path):
    try:
        with open(stderr_path, "rb") as handle:
            tail = handle.read()[-400:].decode("utf-8", "replace").strip()
    except OSError:
        tail = ""
    how = "killed by signal %d" % sig if sig is not None else "exited with code %s" % exit_code
    if sig == signal.SIGKILL:
        how += " (likely out of memory)"
    return "interpreter %s before the import finished%s" % (how, ": " + tail.splitlines()[-1] if tail else "")


def _families(modules):
    """Each module with the listed submodules of it that follow (imported in its child), in list order."""
    families = []
    for name in modules:
        parent = next((f for f in families if name.startswith(f[0] + ".")), None)
        if parent is not None:
            parent[1].append(name)
        else:
            families.append((name, []))
    return families


def _write_result(path, results, current, scripts=()):
    """Rewritten (atomically) before and after every module: a probe killed as a whole (the sandbox's
    memory limit kills every process in it) still leaves the finished modules and the one in progress."""
    payload = {"modules": results, "entryPoints": list(scripts), "complete": current is None}
    if current is not None:
        payload["current"] = current
    temporary = path + ".tmp"
    with open(temporary, "w") as handle:
        handle.write(json.dumps(payload, indent=1) + "\n")
    os.replace(temporary, path)


def main(argv=None):
    args = _arguments(sys.argv[1:] if argv is None else argv)
    home = os.environ.get("HOME")
    if home:
        try:
            os.makedirs(home, exist_ok=True)
        except OSError:
            pass
    result_path = os.path.abspath(args.result)
    os.makedirs(os.path.dirname(result_path), exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="snakepit-probe-")
    results = []
    scripts = []
    try:
        for name, submodules in _families(args.module_list):
            _write_result(result_path, results, name)
            results.extend(probe_module(args, name, scratch, submodules=submodules))
        dists = [d for d in args.entry_points.split(",") if d.strip()]
        for script, target, dist in declared_entry_points(dists) if dists else ():
            _write_result(result_path, results, "script " + script, scripts)
            ran = probe_module(args, target.partition(":")[0].strip(), scratch, (script, target))
            scripts.append(dict(ran, script=script, target=target, dist=dist))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _write_result(result_path, results, None, scripts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
