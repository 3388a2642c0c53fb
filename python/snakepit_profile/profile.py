"""python -m snakepit_profile --out FILE PROGRAM [ARGS...]

Runs PROGRAM as __main__ under cProfile, then writes FILE (JSON, version 1):
{"version": 1, "python": "3.11.2", "exitCode": 0, "wallTime": s, "totalTime": s,
 "functions": [{"id", "file", "line", "name", "calls", "primitiveCalls", "tottime", "cumtime",
                "callers": [{"id", "calls", "primitiveCalls", "tottime", "cumtime"}]}]}
A caller entry is the time spent in this function when called from that caller. Built-ins have file "~", line 0.
Exits with the program's exit code.
"""
import cProfile
import json
import os
import pstats
import sys
import time
import traceback

from snakepit_main import exit_code, prepare_main


def run(program, args):
    program = os.path.abspath(program)
    if not os.path.isfile(program):
        sys.stderr.write('snakepit_profile: the program %s does not exist in the sandbox\n' % program)
        return 2, None, 0.0
    code, main_globals = prepare_main(program, args)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    status = 0
    try:
        profiler.runctx(code, main_globals, None)
    except SystemExit as error:
        status = exit_code(error.code)
    except BaseException:
        kind, value, tb = sys.exc_info()
        while tb is not None and tb.tb_frame.f_globals.get('__name__', '').startswith(('snakepit_profile', 'cProfile')):
            tb = tb.tb_next
        sys.stderr.write(''.join(traceback.format_exception(kind, value, tb)))
        status = 1
    return status, profiler, time.perf_counter() - started


def is_profiler_itself(key):
    return key[0] == '~' and '_lsprof.Profiler' in key[2]


def to_json(profiler):
    stats = pstats.Stats(profiler).stats
    keys = [key for key in stats if not is_profiler_itself(key)]
    ids = {key: index for index, key in enumerate(keys)}
    functions = []
    for key in keys:
        primitive, calls, tottime, cumtime, callers = stats[key]
        functions.append({
            'id': ids[key],
            'file': key[0],
            'line': key[1],
            'name': key[2],
            'calls': calls,
            'primitiveCalls': primitive,
            'tottime': tottime,
            'cumtime': cumtime,
            'callers': [
                {'id': ids[caller], 'calls': edge[0], 'primitiveCalls': edge[1], 'tottime': edge[2], 'cumtime': edge[3]}
                for caller, edge in callers.items() if caller in ids
            ],
        })
    return functions


def main():
    argv = sys.argv[1:]
    if len(argv) < 3 or argv[0] != '--out':
        sys.stderr.write('usage: python -m snakepit_profile --out FILE PROGRAM [ARGS...]\n')
        sys.exit(2)
    out, program, args = argv[1], argv[2], argv[3:]
    status, profiler, wall = run(program, args)
    functions = to_json(profiler) if profiler is not None else []
    report = {
        'version': 1,
        'python': sys.version.split()[0],
        'executable': sys.executable,
        'prefix': sys.prefix,
        'venv': sys.prefix != sys.base_prefix,
        'exitCode': status,
        'wallTime': wall,
        'totalTime': sum(f['tottime'] for f in functions),
        'functions': functions,
    }
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    with open(out, 'w') as handle:
        json.dump(report, handle)
    os._exit(status)
