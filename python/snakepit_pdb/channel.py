"""The protocol channel: takes over fds 0 and 1 so the program cannot corrupt it."""
import codecs
import json
import os
import select
import sys
import threading
import time


class Channel:
    def __init__(self):
        self._lock = threading.Lock()
        # Keep private copies of the protocol streams, then give the program a fresh fd 0 (/dev/null)
        # and an fd 1 that is a pipe we read, so anything it (or a child process) prints becomes an event.
        self._out = os.fdopen(os.dup(1), 'wb', buffering=0)
        self._in = os.fdopen(os.dup(0), 'rb')
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        read_end, write_end = os.pipe()
        os.dup2(write_end, 1)
        os.close(write_end)
        os.set_blocking(read_end, False)
        self._stdout_fd = read_end
        self._stdout_lock = threading.Lock()
        self._stdout_closed = False
        self._decoder = codecs.getincrementaldecoder('utf-8')('replace')
        self._stdout_pump = threading.Thread(target=self._pump, name='snakepit-stdout', daemon=True)
        self._stdout_pump.start()

    def _pump(self):
        while not self._stdout_closed:
            if select.select([self._stdout_fd], [], [], 0.2)[0]:
                time.sleep(0.005)  # lets the rest of a print() arrive, so a line is one event
            self.drain_stdout(flush=False)

    def drain_stdout(self, flush=True):
        """Sends everything the program has written so far, before whatever event comes next."""
        if flush:
            try:
                sys.stdout.flush()
            except Exception:
                pass
        with self._stdout_lock:
            while not self._stdout_closed:
                try:
                    chunk = os.read(self._stdout_fd, 65536)
                except BlockingIOError:
                    return
                except OSError:
                    chunk = b''
                text = self._decoder.decode(chunk, final=not chunk)
                if text:
                    self.event('output', {'category': 'stdout', 'output': text})
                if not chunk:
                    self._stdout_closed = True

    def close_program_stdout(self, timeout=2.0):
        """Flushes and closes the program's stdout, then waits until everything it wrote was sent."""
        try:
            sys.stdout.flush()
        except Exception:
            pass
        try:
            os.close(1)
        except OSError:
            pass
        # Child processes may still hold the pipe open; send what is there and stop waiting after `timeout`.
        deadline = time.monotonic() + timeout
        while not self._stdout_closed and time.monotonic() < deadline:
            self.drain_stdout(flush=False)
            time.sleep(0.01)

    def send(self, message):
        line = (json.dumps(message, default=repr) + '\n').encode('utf-8')
        with self._lock:
            try:
                self._out.write(line)
            except (BrokenPipeError, OSError):
                os._exit(1)

    def event(self, name, body=None):
        self.send({'type': 'event', 'event': name, 'body': body or {}})

    def respond(self, request, body=None, error=None):
        message = {'type': 'response', 'id': request.get('id'), 'command': request.get('command'), 'success': error is None}
        if error is None:
            message['body'] = body or {}
        else:
            message['message'] = error
        self.send(message)

    def read(self):
        """The next request, or None when the other side closed the channel."""
        while True:
            line = self._in.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line.decode('utf-8'))
            except ValueError:
                sys.stderr.write('snakepit_pdb: ignoring a line that is not JSON\n')
                continue
            if isinstance(message, dict):
                return message
