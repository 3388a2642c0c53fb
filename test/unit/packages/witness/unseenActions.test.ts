import * as assert from 'node:assert/strict';
import type { ProbeEvent } from '../../../../src/core/packages/gate/probe';
import { parseStrace, unseenActions, type HookMarker } from '../../../../src/core/packages/gate/witness';

// Trace lines as `strace -f -qq -ttt -y` writes them (see straceCommand.ts). pid 10: the probe's parent (never hooked);
// pid 11: a child interpreter whose hook is in from t=100.
const HOME = '/work/.snakepit-home';
const marker: HookMarker = { pid: 11, t: 100, module: 'pkg', allowed: ['/tmp', `${HOME}/.cache`, '/dev/null'], home: HOME };
const event = (fields: Partial<ProbeEvent>): ProbeEvent => ({ phase: 'import', event: 'subprocess.Popen', kind: 'process', detail: 'x', module: 'pkg', pid: 11, t: 100.5, ...fields });
const trace = (...lines: string[]) => ['10    99.000000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 11', '11    99.100000 execve("/work/.venv/bin/python", ["python", "-S", "-m", "snakepit_probe._child", "pkg"], 0x1 /* 9 vars */) = 0', ...lines].join('\n');
const SYSTEM = ['11    101.000000 clone(child_stack=0x7f, flags=CLONE_VM|CLONE_VFORK|SIGCHLD <unfinished ...>', '12    101.000100 execve("/bin/sh", ["sh", "-c", "id > /dev/null"], 0x2 /* 5 vars */ <unfinished ...>', '11    101.000200 <... clone resumed>) = 12', '12    101.000300 <... execve resumed>) = 0'];

describe('parseStrace', () => {
  it('puts interrupted calls back together, in the order they were entered, and skips what is not a call', () => {
    const calls = parseStrace([...SYSTEM, '12    101.5 +++ exited with 0 +++', 'garbage', '11    102.000000 openat(AT_FDCWD</tmp/s>, "x", O_RDONLY|O_CLOEXEC) = 3</tmp/s/x>'].join('\n'));
    assert.deepEqual(calls.map((c) => [c.tid, c.name, c.result]), [[11, 'clone', '12'], [12, 'execve', '0'], [11, 'openat', '3</tmp/s/x>']]);
    assert.equal(calls[0].t, 101);
    assert.match(calls[1].args, /"sh", "-c", "id > \/dev\/null"/);
  });
});

describe('unseenActions: the system-call trace held against the audit hook', () => {
  it('a process started by a hooked interpreter with no event for it (ctypes system()) is unseen, named by what it ran', () => {
    const unseen = unseenActions(trace(...SYSTEM), [marker], []);
    assert.deepEqual(unseen.map((u) => [u.kind, u.pid, u.module]), [['process', 11, 'pkg']]);
    assert.match(unseen[0].detail, /\/bin\/sh \(argv: sh -c id > \/dev\/null\)/);
  });

  it('a start the hook recorded and let through (find_library running ldconfig) explains exactly one process', () => {
    const lookup = event({ detail: '/sbin/ldconfig -p', libraryLookup: true, t: 100.9 });
    assert.deepEqual(unseenActions(trace(...SYSTEM), [marker], [lookup]), []);
    const second = ['11    103.000000 vfork() = 13', '13    103.000100 execve("/bin/sh", ["sh"], 0x2 /* 5 vars */) = 0'];
    assert.deepEqual(unseenActions(trace(...SYSTEM, ...second), [marker], [lookup]).map((u) => [u.kind, u.t]), [['process', 103]]);
  });

  it('a refused start explains nothing, an event after the call explains nothing', () => {
    assert.equal(unseenActions(trace(...SYSTEM), [marker], [event({ blocked: true, t: 100.9 })]).length, 1);
    assert.equal(unseenActions(trace(...SYSTEM), [marker], [event({ t: 102 })]).length, 1);
  });

  it('judges nothing before the hook is in, nor processes no hook watches (the probe parent, the interpreter start)', () => {
    const early = ['11    99.500000 openat(AT_FDCWD</tmp>, "/work/.snakepit-home/.ssh/id_rsa", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0600) = 3</work/.snakepit-home/.ssh/id_rsa>', '10    105.000000 clone(child_stack=NULL, flags=SIGCHLD) = 14', '14    105.100000 execve("/work/.venv/bin/python", ["python"], 0x1) = 0'];
    assert.deepEqual(unseenActions(trace(...early), [marker], []), []);
  });

  it('a connection from a thread counts for its process; loopback counts, the name service cache socket does not', () => {
    const lines = [
      '11    100.200000 clone(child_stack=0x7f, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS, parent_tid=[15]) = 15',
      '15    100.300000 connect(5<socket:[1]>, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)',
      '11    100.400000 connect(6<socket:[2]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
      '11    100.500000 connect(7<socket:[3]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::ffff:198.18.0.1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)',
    ];
    const unseen = unseenActions(trace(...lines), [marker], [event({ kind: 'network', event: 'socket.getaddrinfo', detail: 'x.invalid:443 -> 198.18.0.1 (sinkhole)', sinkhole: true, t: 100.1 })]);
    assert.deepEqual(unseen.map((u) => [u.kind, u.pid, u.detail]), [
      ['network', 11, 'connect 127.0.0.1:9 (ECONNREFUSED (Connection refused))'],
      ['network', 11, 'connect [::ffff:198.18.0.1]:443 (ENETUNREACH (Network is unreachable))'],
    ]);
    const allowed = event({ kind: 'network', event: 'socket.connect', detail: '127.0.0.1:9', t: 100.25 });
    assert.deepEqual(unseenActions(trace(lines[0], lines[1]), [marker], [allowed]), []);
  });

  it('a sensitive open needs a sensitive-read event for that path; /etc/passwd (every user-name lookup) is not judged', () => {
    const open = (file: string) => `11    100.600000 openat(AT_FDCWD</tmp/s>, "${file}", O_RDONLY|O_CLOEXEC) = 3<${file}>`;
    assert.deepEqual(unseenActions(trace(open(`${HOME}/.ssh/id_rsa`), open('/etc/passwd'), open('/etc/shadow')), [marker], []).map((u) => u.detail), [`openat ${HOME}/.ssh/id_rsa`, 'openat /etc/shadow']);
    assert.deepEqual(unseenActions(trace(open(`${HOME}/.ssh/id_rsa`)), [marker], [event({ kind: 'sensitive-read', event: 'os.listdir', detail: `${HOME}/.ssh`, t: 100.55 })]), []);
  });

  it('writes outside the hook’s allowed directories are unseen, relative names resolved against the working directory', () => {
    const lines = [
      '11    100.700000 openat(AT_FDCWD</tmp/s>, "out.txt", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3</tmp/s/out.txt>',
      '11    100.710000 openat(AT_FDCWD</tmp/s>, "../../work/x", O_WRONLY|O_CREAT|O_TRUNC, 0666) = -1 EROFS (Read-only file system)',
      '11    100.720000 open("/dev/shm/sem.x", O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0600) = 4</dev/shm/sem.x>',
      `11    100.730000 creat("${HOME}/.bashrc", 0644) = 5<${HOME}/.bashrc>`,
      `11    100.740000 openat(AT_FDCWD</tmp/s>, "${HOME}/.cache/pkg/db", O_RDWR|O_CREAT, 0644) = 6<${HOME}/.cache/pkg/db>`,
    ];
    assert.deepEqual(unseenActions(trace(...lines), [marker], []).map((u) => u.detail), ['openat /work/x for writing', `creat ${HOME}/.bashrc for writing`]);
  });

  it('stops watching a process once it runs another program, and attributes to the module imported then', () => {
    const lines = ['11    100.800000 execve("/bin/true", ["true"], 0x2) = 0', '11    100.900000 connect(3<socket:[1]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)'];
    const exec = event({ event: 'os.exec', detail: '/bin/true', t: 100.75, module: 'pkg.sub' });
    assert.deepEqual(unseenActions(trace(...lines), [marker], [exec]), []);
    const unseen = unseenActions(trace(lines[0]), [marker], [event({ kind: 'native', event: 'ctypes.dlopen', detail: 'None', t: 100.7, module: 'pkg.sub' })]);
    assert.deepEqual(unseen.map((u) => [u.kind, u.module]), [['process', 'pkg.sub']]);
  });
});
