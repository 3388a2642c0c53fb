"""The debugger: a bdb.Bdb that stops where DAP asks and answers requests while stopped."""
import bdb
import linecache
import os
import queue
import sys
import threading
import traceback

from snakepit_main import exit_code, prepare_main
from snakepit_pdb.breakpoints import Breakpoints
from snakepit_pdb.channel import Channel
from snakepit_pdb.variables import References

RESUME = {'continue', 'next', 'stepIn', 'stepOut'}
STOPPED_ONLY = RESUME | {'stackTrace', 'scopes', 'variables', 'evaluate', 'exceptionInfo'}


class Terminated(Exception):
    pass


class Bridge(bdb.Bdb):
    def __init__(self, channel):
        super().__init__(skip=['snakepit_pdb', 'snakepit_pdb.*', 'bdb'])
        self.channel = channel
        self.breakpoints = Breakpoints(self.canonic, channel)
        self.references = References()
        self.requests = queue.Queue()
        self.launch = None
        self.free_running = False
        self.pause_requested = False
        self.first_stop = True
        self.stopped = False
        self.frames = []
        self.frame_lines = {}  # post mortem: a finished frame's line is its traceback's line
        self.break_on_uncaught = False
        self.exception = None
        self.main_thread = threading.main_thread().ident

    # --- where to stop -------------------------------------------------------------------------
    def stop_here(self, frame):
        if self.free_running:
            return False
        return super().stop_here(frame)

    def break_anywhere(self, frame):
        return self.breakpoints.in_file(frame.f_code.co_filename)

    def break_here(self, frame):
        return self.breakpoints.should_stop(frame)

    def user_line(self, frame):
        if self.pause_requested:
            reason = 'pause'
        elif self.breakpoints.last_hit is not None:
            reason = 'breakpoint'
        elif self.first_stop:
            reason = 'entry'
        else:
            reason = 'step'
        self.first_stop = False
        self.pause_requested = False
        hit = self.breakpoints.last_hit
        self.breakpoints.last_hit = None
        self.stop(frame, reason, hit)

    # --- stopped: answer requests until one resumes --------------------------------------------
    def stop(self, frame, reason, hit):
        self.frames = [f for f, _ in reversed(self.get_stack(frame, None)[0]) if self.is_user_frame(f)]
        for caller in self.frames:
            # Callers entered while running freely have no local trace; without one, "step out" and
            # "next" past a return would never stop in them.
            caller.f_trace = self.trace_dispatch
        self.references.clear()
        self.channel.drain_stdout()
        self.stopped = True  # before the event: requests for the stack may follow it at once
        body = {'reason': reason, 'threadId': 1, 'allThreadsStopped': True}
        if hit is not None:
            body['hitBreakpointIds'] = [hit]
        self.channel.event('stopped', body)
        self.serve_until_resumed()

    def is_skipped_module(self, module_name):
        return bool(module_name) and super().is_skipped_module(module_name)

    def is_user_frame(self, frame):
        if frame is self.botframe:
            return False
        return not self.is_skipped_module(frame.f_globals.get('__name__'))

    def serve_until_resumed(self):
        try:
            while True:
                request = self.requests.get()
                try:
                    resumed = self.handle_stopped(request)
                except Terminated:
                    raise
                except Exception as error:
                    self.channel.respond(request, error='%s: %s' % (type(error).__name__, error))
                    continue
                if resumed:
                    return
        finally:
            self.stopped = False
            self.frames = []
            self.frame_lines = {}
            self.exception = None
            self.references.clear()

    def frame(self, frame_id):
        if not isinstance(frame_id, int) or not 0 < frame_id <= len(self.frames):
            raise ValueError('no frame %r while stopped' % (frame_id,))
        return self.frames[frame_id - 1]

    def handle_stopped(self, request):
        command = request.get('command')
        arguments = request.get('arguments') or {}
        if command in RESUME:
            frame = self.frames[0] if self.frames else None
            self.free_running = command == 'continue'
            if command == 'continue':
                self.set_step()
            elif command == 'next':
                self.set_next(frame)
            elif command == 'stepIn':
                self.set_step()
            else:
                self.set_return(frame)
            self.channel.respond(request)
            return True
        if command == 'stackTrace':
            start = int(arguments.get('startFrame') or 0)
            levels = int(arguments.get('levels') or 0) or len(self.frames)
            frames = []
            for index, frame in enumerate(self.frames[start:start + levels], start + 1):
                code = frame.f_code
                line = self.frame_lines.get(id(frame), frame.f_lineno)
                frames.append({'id': index, 'name': code.co_name, 'path': self.canonic(code.co_filename), 'line': line})
            self.channel.respond(request, {'stackFrames': frames, 'totalFrames': len(self.frames)})
        elif command == 'scopes':
            frame = self.frame(arguments.get('frameId'))
            scopes = []
            if frame.f_locals is not frame.f_globals:
                scopes.append({'name': 'Locals', 'variablesReference': self.references.add('scope', frame.f_locals), 'expensive': False})
            scopes.append({'name': 'Globals', 'variablesReference': self.references.add('scope', frame.f_globals), 'expensive': False})
            self.channel.respond(request, {'scopes': scopes})
        elif command == 'variables':
            self.channel.respond(request, {'variables': self.references.expand(arguments.get('variablesReference'))})
        elif command == 'evaluate':
            self.channel.respond(request, self.evaluate(arguments))
        elif command == 'exceptionInfo':
            if self.exception is None:
                raise ValueError('not stopped at an exception')
            self.channel.respond(request, self.exception)
        else:
            self.channel.respond(request, error='unknown request %r' % command)
        return False

    def evaluate(self, arguments):
        expression = arguments.get('expression') or ''
        frame = self.frame(arguments.get('frameId') or 1)
        try:
            code = compile(expression, '<debug console>', 'eval')
        except SyntaxError:
            if arguments.get('context') != 'repl':
                raise
            exec(compile(expression, '<debug console>', 'exec'), frame.f_globals, frame.f_locals)
            return {'result': '', 'variablesReference': 0}
        value = eval(code, frame.f_globals, frame.f_locals)
        described = self.references.describe(expression, value)
        return {'result': described['value'], 'type': described['type'], 'variablesReference': described['variablesReference']}

    # --- requests that arrive while the program runs -------------------------------------------
    def read_requests(self):
        while True:
            request = self.channel.read()
            if request is None or request.get('command') in ('terminate', 'disconnect'):
                if request is not None:
                    self.channel.respond(request)
                self.channel.event('exited', {'exitCode': 137, 'terminated': True})
                os._exit(137)
            command = request.get('command')
            if command == 'setBreakpoints':
                self.channel.respond(request, self.breakpoints.set(request.get('arguments') or {}))
            elif command == 'setExceptionBreakpoints':
                self.break_on_uncaught = 'uncaught' in ((request.get('arguments') or {}).get('filters') or [])
                self.channel.respond(request)
            elif command == 'source':
                self.channel.respond(request, self.source(request.get('arguments') or {}))
            elif command == 'pause':
                self.pause()
                self.channel.respond(request)
            elif command in ('launch', 'run') or (command in STOPPED_ONLY and self.stopped):
                self.requests.put(request)
            else:
                self.channel.respond(request, error='%s: the program is running, not stopped' % command)

    def source(self, arguments):
        path = arguments.get('path') or ''
        lines = linecache.getlines(path)
        if not lines:
            return {'content': '', 'missing': True}
        return {'content': ''.join(lines)}

    def pause(self):
        if self.stopped:
            return
        self.pause_requested = True
        self.free_running = False
        self.set_step()
        frame = sys._current_frames().get(self.main_thread)
        while frame is not None:
            frame.f_trace = self.trace_dispatch
            frame = frame.f_back

    # --- the run --------------------------------------------------------------------------------
    def wait_for_run(self):
        while True:
            request = self.requests.get()
            command = request.get('command')
            if command == 'launch':
                self.launch = request.get('arguments') or {}
                self.channel.respond(request)
            elif command == 'run':
                self.channel.respond(request)
                return
            else:
                self.channel.respond(request, error='%s: the program has not started' % command)

    def run_program(self):
        launch = self.launch or {}
        program = os.path.abspath(launch.get('program') or '')
        if not os.path.isfile(program):
            sys.stderr.write('snakepit_pdb: the program %s does not exist in the sandbox\n' % program)
            return 2
        cwd = launch.get('cwd')
        if cwd:
            os.chdir(cwd)
        os.environ.update({str(k): str(v) for k, v in (launch.get('env') or {}).items()})
        code, main_globals = prepare_main(program, launch.get('args') or [])
        self.first_stop = True
        self.free_running = not launch.get('stopOnEntry')
        try:
            self.run(code, main_globals)
        except SystemExit as error:
            return exit_code(error.code)
        except BaseException:
            info = sys.exc_info()
            sys.settrace(None)
            if self.break_on_uncaught:
                self.post_mortem(info)
            report_exception(info)
            return 1
        return 0

    def post_mortem(self, info):
        """Stops where an uncaught exception was raised, with the stack as it was, until resumed."""
        kind, value, tb = info
        entries = []
        while tb is not None:
            if self.is_user_frame(tb.tb_frame):
                entries.append((tb.tb_frame, tb.tb_lineno))
            tb = tb.tb_next
        if not entries:
            return
        self.frames = [frame for frame, _ in reversed(entries)]
        self.frame_lines = {id(frame): line for frame, line in entries}
        name = kind.__qualname__ if kind.__module__ == 'builtins' else '%s.%s' % (kind.__module__, kind.__qualname__)
        trimmed = ''.join(traceback.format_exception(kind, value, info[2]))
        self.exception = {
            'exceptionId': name,
            'description': str(value),
            'breakMode': 'unhandled',
            'details': {'typeName': name, 'message': str(value), 'stackTrace': trimmed},
        }
        self.references.clear()
        self.channel.drain_stdout()
        self.stopped = True
        self.channel.event('stopped', {'reason': 'exception', 'description': 'Uncaught %s' % name, 'text': '%s: %s' % (name, value), 'threadId': 1, 'allThreadsStopped': True})
        self.serve_until_resumed()


def report_exception(info):
    kind, value, tb = info
    # Drop the bridge's own frames so the traceback starts in the program.
    while tb is not None and tb.tb_frame.f_globals.get('__name__', '').startswith(('snakepit_pdb', 'bdb')):
        tb = tb.tb_next
    sys.stderr.write(''.join(traceback.format_exception(kind, value, tb)))
    sys.stderr.flush()


def main():
    channel = Channel()
    bridge = Bridge(channel)
    channel.event('ready', {'python': sys.version.split()[0], 'pid': os.getpid()})
    threading.Thread(target=bridge.read_requests, name='snakepit-requests', daemon=True).start()
    bridge.wait_for_run()
    code = bridge.run_program()
    sys.settrace(None)
    channel.close_program_stdout()
    channel.event('exited', {'exitCode': code})
    os._exit(code)
