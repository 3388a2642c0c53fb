import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerEngine, type DockerRuntime, type DockerSandboxRecord } from '../../../src/core/sandbox/docker';
import type { DockerSandboxSpec } from '../../../src/core/sandbox/docker/runtimes';
import { SandboxError, type SandboxRecord } from '../../../src/core/sandbox/engine';

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const repo = path.resolve(__dirname, '..', '..', '..');
/** Sandboxes run as the host user, or as nobody when that is root (src/core/sandbox/docker/identity.ts). */
const expectedUser = (process.getuid?.() ?? 0) > 0 ? `${process.getuid!()} ${process.getgid!()}` : '65534 65534';
const prefix = `it-${process.pid}`;
let serial = 0;
const uniqueName = (what: string) => `${prefix}-${what}-${++serial}`;

function docker(...args: string[]): string {
  const result = spawnSync('docker', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** IDs of containers, volumes and images carrying `filter`, as the docker CLI sees them. */
function leftovers(filter: string): string[] {
  return [
    docker('ps', '-a', '-q', '--filter', `label=${filter}`),
    docker('volume', 'ls', '-q', '--filter', `label=${filter}`),
    docker('images', '-q', '--filter', `label=${filter}`),
  ].flatMap((out) => out.split('\n').filter(Boolean));
}

/** Every file under /work with mode, mtime, size and content hash: equal listings mean equal trees. */
const LISTING = `
import hashlib, os
for root, dirs, files in os.walk('/work'):
    dirs.sort()
    for name in sorted(dirs + files):
        p = os.path.join(root, name)
        st = os.lstat(p)
        digest = hashlib.sha256(open(p, 'rb').read()).hexdigest() if os.path.isfile(p) else '-'
        print(p, oct(st.st_mode), st.st_mtime_ns, st.st_size, digest)
`;

/** LISTING plus symlink targets, file types and link counts, for /work itself too (snapshot exactness). */
const LISTING_WITH_LINKS = `
import hashlib, os, stat
def describe(p):
    st = os.lstat(p)
    if stat.S_ISLNK(st.st_mode):
        return 'l -> %s %d %d:%d' % (os.readlink(p), st.st_mtime_ns, st.st_uid, st.st_gid)
    kind = 'd' if stat.S_ISDIR(st.st_mode) else 'f' if stat.S_ISREG(st.st_mode) else 'p' if stat.S_ISFIFO(st.st_mode) else '?'
    digest = hashlib.sha256(open(p, 'rb').read()).hexdigest() if kind == 'f' else '-'
    return '%s %s %d %d %s links=%d %d:%d' % (kind, oct(st.st_mode), st.st_mtime_ns, st.st_size if kind == 'f' else 0, digest, st.st_nlink if kind == 'f' else 0, st.st_uid, st.st_gid)
print('/work', describe('/work'))
for root, dirs, files in os.walk('/work'):
    dirs.sort()
    for name in sorted(dirs + files):
        p = os.path.join(root, name)
        print(p, describe(p))
`;

/** Whether any process in the sandbox has `needle` in its command line (procps is not in the image). */
const PROCESS_MATCHING = `
import os, sys
me = str(os.getpid())
found = []
for pid in os.listdir('/proc'):
    if pid.isdigit() and pid != me:
        try:
            cmd = open('/proc/%s/cmdline' % pid, 'rb').read().replace(b'\\0', b' ').decode()
        except OSError:
            continue
        if sys.argv[1] in cmd:
            found.append(cmd)
print(len(found))
`;

/** The runtimes dockerd has registered (`docker info`), or why they are unknown. */
function registeredRuntimes(): { names: string[]; error?: string } {
  const info = spawnSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8' });
  if (info.status !== 0) return { names: [], error: (info.stderr || String(info.error)).trim() };
  return { names: Object.keys(JSON.parse(info.stdout) as Record<string, unknown>) };
}

// The whole suite runs under each runtime: runc, and runsc (gVisor) where dockerd has it (.ci/provision-docker.sh
// registers it). What differs between them is asked of the engine (runtimeTraits), never decided here by name.
const RUNTIMES: readonly DockerRuntime[] = ['runc', 'runsc'];
for (const runtime of RUNTIMES) describe(`DockerEngine (real Docker engine, runtime ${runtime})`, function () {
  this.timeout(120_000);
  // A scope of this run's own: the suite sees, and checks for leftovers, only what it made itself.
  const scope = `${prefix}-${runtime}-${Date.now()}`;
  const engine = new DockerEngine(undefined, scope, { runtime });
  const made: SandboxRecord[] = [];

  async function sandbox(spec: Partial<DockerSandboxSpec> = {}): Promise<SandboxRecord> {
    const record = await engine.create({ name: uniqueName('sb'), image: IMAGE, purpose: 'ephemeral', ...spec });
    made.push(record);
    return record;
  }

  async function python(record: SandboxRecord, code: string, ...args: string[]) {
    return engine.exec(record, ['python3', '-c', code, ...args]);
  }

  async function processesMatching(record: SandboxRecord, needle: string): Promise<number> {
    return Number((await python(record, PROCESS_MATCHING, needle)).stdout.trim());
  }

  before(async function () {
    const runtimes = registeredRuntimes();
    if (runtimes.error !== undefined) {
      console.log(`    Skipping the Docker engine tests: \`docker info\` failed (${runtimes.error}). Run .ci/provision-docker.sh.`);
      this.skip();
    }
    if (!runtimes.names.includes(runtime)) {
      console.log(`    Skipping the Docker engine tests under ${runtime}: dockerd has no ${runtime} runtime (it has ${runtimes.names.join(', ')}). .ci/provision-docker.sh installs and registers runsc.`);
      this.skip();
    }
    assert.equal((await engine.available()).ok, true);
  });

  after(async function () {
    for (const record of made) await engine.destroy(record);
    if (spawnSync('docker', ['info']).status !== 0) return;
    assert.deepEqual(leftovers(`snakepit.scope=${scope}`), [], 'containers, volumes or images of this run are left');
  });

  it(`runs its sandboxes under ${runtime}, and says so`, async () => {
    const record = (await sandbox()) as DockerSandboxRecord;
    assert.equal(record.runtime, runtime);
    assert.equal(docker('inspect', '--format', '{{.HostConfig.Runtime}}', record.handle), runtime);
    assert.equal(docker('inspect', '--format', '{{index .Config.Labels "snakepit.runtime"}}', record.handle), runtime);
    // A record without the field (made before runtimes, or rebuilt from labels) gets it from Docker.
    assert.equal(await engine.runtimeOf({ ...record, runtime: undefined }), runtime);
    const traits = await engine.runtimeTraits(record);
    assert.equal(traits.runtime, runtime);
    assert.equal(traits.kernel, runtime === 'runsc' ? 'gvisor' : 'host');
    // The kernel the code inside talks to: gVisor's Sentry logs "Starting gVisor..."; the host's log is not readable.
    const dmesg = await engine.exec(record, ['sh', '-c', 'dmesg 2>&1 | head -3']);
    if (traits.kernelLog === 'gvisor') assert.match(dmesg.stdout, /Starting gVisor/);
    else assert.doesNotMatch(dmesg.stdout, /gVisor/);
  });

  it('reports the engine as available with its version', async () => {
    const availability = await engine.available();
    assert.ok(availability.ok);
    assert.match(availability.detail, /Docker Engine \d+/);
  });

  it('create → exec → snapshot → change → rollback restores the files exactly → destroy leaves nothing', async () => {
    const record = await sandbox();
    const write = await python(
      record,
      `import os
os.makedirs('/work/pkg/sub')
for name, text in [('keep.txt', 'keep'), ('remove.txt', 'remove me'), ('pkg/modify.py', 'x = 1'), ('pkg/sub/deep.bin', 'deep')]:
    open('/work/' + name, 'w').write(text)
os.chmod('/work/pkg/modify.py', 0o640)
os.utime('/work/keep.txt', ns=(1_000_000_000, 1_000_000_000))`,
    );
    assert.equal(write.exitCode, 0, write.stderr);
    const before = (await python(record, LISTING)).stdout;
    assert.match(before, /keep\.txt 0o100644 1000000000 4/);

    const snapshot = await engine.snapshot(record, 'before changes');
    assert.equal(snapshot.label, 'before changes');
    assert.equal(snapshot.handle, `snakepit-${record.name}-snapshot-${snapshot.id}`);
    const snapshotLabels = JSON.parse(docker('volume', 'inspect', '--format', '{{json .Labels}}', snapshot.handle)) as Record<string, string>;
    assert.equal(snapshotLabels['snakepit.owner'], 'snakepit');
    assert.equal(snapshotLabels['snakepit.scope'], scope);
    assert.equal(snapshotLabels['snakepit.sandbox'], record.name);
    assert.equal(snapshotLabels['snakepit.purpose'], 'ephemeral');
    assert.equal(snapshotLabels['snakepit.snapshot.of'], record.name);
    assert.equal(snapshotLabels['snakepit.snapshot.id'], snapshot.id);
    assert.equal(snapshotLabels['snakepit.snapshot.label'], 'before changes');
    assert.equal(snapshotLabels['snakepit.created'], snapshot.createdAt);
    // The helpers that copied the files are gone.
    assert.deepEqual(docker('ps', '-a', '-q', '--filter', `label=snakepit.sandbox=${record.name}`).split('\n'), [record.handle.slice(0, 12)]);

    const change = await python(
      record,
      `import os
open('/work/added.txt', 'w').write('new')
os.remove('/work/remove.txt')
open('/work/pkg/modify.py', 'a').write('\\ny = 2')
os.chmod('/work/keep.txt', 0o600)`,
    );
    assert.equal(change.exitCode, 0, change.stderr);
    assert.notEqual((await python(record, LISTING)).stdout, before);

    await engine.rollback(record, snapshot);
    assert.equal((await python(record, LISTING)).stdout, before);
    // The sandbox keeps working on the restored files.
    assert.equal((await python(record, "open('/work/keep.txt', 'a').write('!')")).exitCode, 0);

    await engine.destroy(record);
    assert.deepEqual(leftovers(`snakepit.sandbox=${record.name}`), []);
    assert.equal((await engine.inspect(record)).state, 'missing');
    await engine.destroy(record); // already gone is fine
  });

  describe('snapshots', () => {
    let record: SandboxRecord;
    before(async () => {
      record = await sandbox();
    });

    const listing = async () => {
      const result = await python(record, LISTING_WITH_LINKS);
      assert.equal(result.exitCode, 0, result.stderr);
      return result.stdout;
    };

    it('restores symlinks, hard links, modes and nanosecond mtimes exactly, whatever changed, as often as asked', async () => {
      // A named pipe made under gVisor lives in its Sentry only, never on the volume a snapshot copies.
      const fifo = (await engine.runtimeTraits(record)).namedPipesOnVolume ? 'fifo' : 'no-fifo';
      const setup = await python(
        record,
        `import os, sys
os.makedirs('/work/d/e')
for name, text in [('same.txt', 'aaaa'), ('d/twin.txt', 'bbbb'), ('d/e/f.txt', 'ffff'), ('moved.txt', 'mmmm'), ('decoy/same.txt', 'XXXX')]:
    os.makedirs(os.path.dirname('/work/' + name), exist_ok=True)
    open('/work/' + name, 'w').write(text)
os.link('/work/d/twin.txt', '/work/d/twin-link.txt')
os.symlink('d/e/f.txt', '/work/link-to-f')
os.symlink('/nowhere', '/work/dangling')
if sys.argv[1] == 'fifo':
    os.mkfifo('/work/fifo')
os.chmod('/work/d/e', 0o750)
os.chmod('/work/same.txt', 0o604)
for path in ['/work/same.txt', '/work/decoy/same.txt']:
    os.utime(path, ns=(1_234_567_891, 1_234_567_891))
os.utime('/work/d', ns=(5_000_000_123, 5_000_000_123))
os.utime('/work/link-to-f', ns=(7_000_000_007, 7_000_000_007), follow_symlinks=False)`,
        fifo,
      );
      assert.equal(setup.exitCode, 0, setup.stderr);
      const before = await listing();
      assert.match(before, /\/work\/d\/twin-link\.txt f 0o100644 \d+ 4 \S+ links=2/);
      assert.match(before, /\/work\/link-to-f l -> d\/e\/f\.txt 7000000007/);
      const snapshot = await engine.snapshot(record, 'exact');

      const vandalise = await python(
        record,
        `import os, shutil, sys
# Same size, same mtime, other content, moved in from a directory made before the snapshot: only the inode differs.
os.rename('/work/same.txt', '/work/old-same.txt')
os.rename('/work/decoy/same.txt', '/work/same.txt')
open('/work/d/twin.txt', 'a').write('!')
os.unlink('/work/d/twin-link.txt')
os.rename('/work/moved.txt', '/work/d/moved.txt')
shutil.rmtree('/work/d/e')
os.unlink('/work/link-to-f')
os.symlink('elsewhere', '/work/link-to-f')
os.chmod('/work/d', 0o700)
os.makedirs('/work/new/deep')
open('/work/new/deep/n.txt', 'w').write('n')
if sys.argv[1] == 'fifo':
    os.unlink('/work/fifo')
open('/work/fifo', 'w').write('not a fifo')`,
        fifo,
      );
      assert.equal(vandalise.exitCode, 0, vandalise.stderr);
      assert.notEqual(await listing(), before);

      await engine.rollback(record, snapshot);
      assert.equal(await listing(), before);
      // Again, after changing files the previous rollback restored.
      assert.equal((await python(record, "open('/work/d/e/f.txt', 'w').write('gggg')")).exitCode, 0);
      await engine.rollback(record, snapshot);
      assert.equal(await listing(), before);
      await engine.deleteSnapshot(record, snapshot);
      assert.equal(docker('volume', 'ls', '-q', '--filter', `name=${snapshot.handle}`), '');
    });

    it('refuses to roll back to a snapshot whose volume is gone, and leaves /work alone', async () => {
      const snapshot = await engine.snapshot(record, 'doomed');
      docker('volume', 'rm', snapshot.handle);
      const before = await listing();
      await assert.rejects(engine.rollback(record, snapshot), /Snapshot "doomed" .* is gone from Docker/);
      assert.equal(await listing(), before);
      assert.equal(docker('volume', 'ls', '-q', '--filter', `name=${snapshot.handle}`), '');
    });

    it('destroy also removes snapshot volumes and snapshot images left by earlier versions', async () => {
      const doomed = await sandbox();
      await engine.snapshot(doomed, 'one');
      await engine.snapshot(doomed, 'two');
      // What the previous implementation made: a committed helper, labelled like everything else.
      docker('commit', '--change', 'LABEL snakepit.owner=snakepit', '--change', `LABEL snakepit.sandbox=${doomed.name}`, '--change', `LABEL snakepit.snapshot.of=${doomed.name}`, doomed.handle, `snakepit/snapshot:${doomed.name}-legacy`);
      const owned = (await engine.listOwned()).filter((r) => r.sandbox === doomed.name);
      assert.deepEqual(owned.map((r) => r.kind).sort(), ['container', 'image', 'volume', 'volume', 'volume']);
      await engine.destroy(doomed);
      assert.deepEqual(leftovers(`snakepit.sandbox=${doomed.name}`), []);
    });
  });

  describe('exec', () => {
    let record: SandboxRecord;
    before(async () => {
      record = await sandbox();
    });

    it('passes the exit code through and keeps stdout and stderr apart', async () => {
      const result = await python(record, "import sys; print('out'); print('err', file=sys.stderr); sys.exit(7)");
      assert.equal(result.exitCode, 7);
      assert.equal(result.stdout, 'out\n');
      assert.equal(result.stderr, 'err\n');
      assert.equal(result.timedOut, false);
      assert.equal(result.cancelled, false);
    });

    it('feeds stdin, streams output as it comes, and runs in /work with the venv first on PATH', async () => {
      const chunks: string[] = [];
      const result = await engine.exec(record, ['python3', '-c', 'import os,sys; print(sys.stdin.read().upper(), os.getcwd(), os.environ["PATH"].split(":")[0])'], {
        stdin: 'hello sandbox',
        onStdout: (chunk) => chunks.push(chunk.toString()),
      });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(result.stdout, 'HELLO SANDBOX /work /work/.venv/bin\n');
      assert.equal(chunks.join(''), result.stdout);
    });

    it('honours cwd and env', async () => {
      const result = await engine.exec(record, ['sh', '-c', 'pwd; echo $GREETING'], { cwd: '/tmp', env: { GREETING: 'hi' } });
      assert.equal(result.stdout, '/tmp\nhi\n');
    });

    it('kills a command that runs past its timeout, children included', async () => {
      const started = Date.now();
      const result = await engine.exec(record, ['sh', '-c', 'sleep 31 & sleep 30'], { timeoutMs: 500 });
      assert.equal(result.timedOut, true);
      assert.equal(result.exitCode, null);
      // Generous: a loaded 2-core machine, and gVisor's ptrace platform starts commands slower.
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
      assert.equal(await processesMatching(record, 'sleep 3'), 0);
    });

    it('cancels through an AbortSignal', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const result = await engine.exec(record, ['sleep', '40'], { signal: controller.signal });
      assert.equal(result.cancelled, true);
      assert.equal(result.exitCode, null);
      assert.equal(await processesMatching(record, 'sleep 40'), 0);
    });

    it('spawns a process with streams for interactive use', async () => {
      const child = await engine.spawn(record, ['python3', '-c', 'import sys\nfor line in sys.stdin: print(line.strip()[::-1], flush=True)']);
      const output: string[] = [];
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stdin.write('abc\n');
      child.stdin.end('xyz\n');
      assert.deepEqual(await child.exited, { exitCode: 0 });
      assert.equal(output.join(''), 'cba\nzyx\n');
    });

    it('kills a spawned process on request', async () => {
      const child = await engine.spawn(record, ['sleep', '50']);
      await child.kill();
      await child.exited;
      assert.equal(await processesMatching(record, 'sleep 50'), 0);
    });
  });

  describe('isolation', () => {
    let record: SandboxRecord;
    before(async () => {
      record = await sandbox();
    });

    it('has no network: only the loopback interface, and outside addresses are unreachable', async () => {
      const result = await python(
        record,
        `import errno, os, socket
print(sorted(os.listdir('/sys/class/net')))
try:
    socket.create_connection(('1.1.1.1', 80), timeout=3)
    print('connected')
except OSError as e:
    print(errno.errorcode.get(e.errno, e))`,
      );
      // Linux says ENETUNREACH; gVisor's network stack (loopback only) EHOSTUNREACH.
      assert.match(result.stdout, /^\['lo'\]\n(ENETUNREACH|EHOSTUNREACH)\n$/, result.stderr);
    });

    it('has a read-only root, writable /work and /tmp, and runs as an unprivileged user', async () => {
      const result = await python(
        record,
        `import os
for path in ['/x', '/usr/x', '/etc/x', '/work/x', '/tmp/x']:
    try:
        open(path, 'w').write('x')
        print(path, 'ok')
    except OSError as e:
        print(path, e.strerror)
print(os.getuid(), os.getgid())`,
      );
      // Linux checks the mount first (EROFS); gVisor the directory's permissions first (EACCES for a non-root user):
      // either way nothing is written, and the mount table says the root is read-only.
      assert.equal(
        result.stdout.replace(/Permission denied/g, 'Read-only file system'),
        `/x Read-only file system\n/usr/x Read-only file system\n/etc/x Read-only file system\n/work/x ok\n/tmp/x ok\n${expectedUser}\n`,
        result.stderr,
      );
      const mounts = await engine.exec(record, ['cat', '/proc/self/mounts']);
      assert.match(mounts.stdout, /^\S+ \/ \S+ ro[,\s]/m, mounts.stdout);
    });

    it('looks like an ordinary machine to the code inside: hostname and user name, no CI variable', async () => {
      const result = await python(record, `import getpass, os, socket\nprint(socket.gethostname(), getpass.getuser(), os.environ.get('CI'))`);
      assert.equal(result.stdout, 'workstation developer None\n', result.stderr);
    });

    it('holds no capabilities and cannot gain privileges', async () => {
      const result = await engine.exec(record, ['sh', '-c', "grep -E '^(CapEff|CapBnd|Seccomp):' /proc/self/status"]);
      assert.match(result.stdout, /CapEff:\s+0000000000000000/);
      assert.match(result.stdout, /CapBnd:\s+0000000000000000/);
      // no_new_privs asked of the kernel (PR_GET_NO_NEW_PRIVS): gVisor's /proc/self/status has no NoNewPrivs line.
      const noNewPrivs = await python(record, 'import ctypes; print(ctypes.CDLL(None, use_errno=True).prctl(39, 0, 0, 0, 0))');
      assert.equal(noNewPrivs.stdout, '1\n', noNewPrivs.stderr);
      // Docker's seccomp profile filters the calls that reach the host's kernel; under gVisor none do (the Sentry
      // answers them, under a filter of its own that is not visible inside).
      if ((await engine.runtimeTraits(record)).seccompInside) assert.match(result.stdout, /Seccomp:\s+2/);
    });

    it('contains a fork bomb at the pids limit; the exec returns and the sandbox recovers', async () => {
      const bombed = await sandbox({ limits: { pids: 64 } });
      const started = Date.now();
      const result = await engine.exec(bombed, ['python3', '-c', 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass'], { timeoutMs: 3000 });
      assert.equal(result.timedOut, true);
      // The keeper kills without a new process, so this is the timeout plus a few hundred ms; the margin is for a
      // loaded 2-core machine (bench/exec-timeout.ts measures the real figure).
      assert.ok(Date.now() - started < 3000 + 25_000, `took ${Date.now() - started} ms`);
      assert.equal(await processesMatching(bombed, 'os.fork()'), 0);
      // runc: the pids cgroup counts the sandbox's processes. gVisor: it counts the Sentry's host tasks, and the
      // sandbox's processes are limited inside (RLIMIT_NPROC).
      if ((await engine.runtimeTraits(bombed)).pidsLimit === 'cgroup') {
        const stats = await engine.stats(bombed);
        assert.ok(stats.pids < 10, `${stats.pids} processes left`);
      }
      assert.equal((await engine.exec(bombed, ['true'])).exitCode, 0);
    });

    it('kills a memory hog at the limit and says it ran out of memory', async () => {
      const hogged = await sandbox({ limits: { memoryBytes: 64 * 1024 * 1024 }, purpose: 'user' });
      const result = await python(hogged, "x = bytearray(256 * 1024 * 1024); print('survived')");
      assert.equal(result.outOfMemory, true);
      assert.equal(result.exitCode, null);
      assert.doesNotMatch(result.stdout, /survived/);
      const health = await engine.inspect(hogged);
      assert.equal(health.oomKilled, true);
      assert.match(health.reason ?? '', /out of memory \(limit 64 MiB\)/);
      // runc: only the hog dies. gVisor: the host's OOM killer takes the Sentry, so the sandbox stops; it starts again.
      if ((await engine.runtimeTraits(hogged)).outOfMemory === 'sandbox') {
        assert.equal(health.state, 'stopped');
        await engine.start(hogged);
      } else assert.equal(health.state, 'running');
      assert.equal((await engine.exec(hogged, ['true'])).exitCode, 0);
    });

    it('says a one-run sandbox that ran out of memory is gone because of it, when it is', async () => {
      const hogged = await sandbox({ limits: { memoryBytes: 64 * 1024 * 1024 } });
      const result = await python(hogged, 'x = bytearray(256 * 1024 * 1024)');
      assert.equal(result.outOfMemory, true);
      const health = await engine.inspect(hogged);
      assert.equal(health.oomKilled, true);
      if ((await engine.runtimeTraits(hogged)).outOfMemory === 'sandbox') {
        // Removed as every one-run sandbox is when it ends (AutoRemove), and the reason says why.
        const deadline = Date.now() + 30_000;
        let state = health;
        while (state.state !== 'missing' && Date.now() < deadline) state = await engine.inspect(hogged);
        assert.equal(state.state, 'missing');
        assert.match(state.reason ?? '', /out of memory \(limit 64 MiB\); a one-run sandbox is removed when it ends/);
      } else assert.equal(health.state, 'running');
    });
  });

  describe('files and numbers', () => {
    let record: SandboxRecord;
    let scratch: string;
    before(async () => {
      record = await sandbox();
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-docker-'));
    });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('copies a directory in and out unchanged, owned by the sandbox user inside', async () => {
      const source = path.join(scratch, 'src');
      fs.mkdirSync(path.join(source, 'nested'), { recursive: true });
      fs.writeFileSync(path.join(source, 'a.py'), 'print("a")\n');
      fs.writeFileSync(path.join(source, 'nested', 'b.bin'), Buffer.from([0, 1, 2, 255]));
      await engine.copyIn(record, source, '/work/project');
      // Python's stat, not coreutils': Debian bookworm's runsc (2022) rejects the statx flags coreutils 9 passes.
      const inside = await engine.exec(record, ['sh', '-c', 'python3 -c "import os, sys\nfor p in sys.argv[1:]: print(os.stat(p).st_uid, p)" /work/project /work/project/nested/b.bin && echo more >> /work/project/a.py']);
      assert.equal(inside.stdout, `${expectedUser.split(' ')[0]} /work/project\n${expectedUser.split(' ')[0]} /work/project/nested/b.bin\n`, inside.stderr);

      const single = path.join(scratch, 'one.txt');
      fs.writeFileSync(single, 'one');
      await engine.copyIn(record, single, '/work/renamed.txt');
      assert.equal((await engine.exec(record, ['cat', '/work/renamed.txt'])).stdout, 'one');

      const back = path.join(scratch, 'back');
      await engine.copyOut(record, '/work/project', back);
      assert.equal(fs.readFileSync(path.join(back, 'a.py'), 'utf8'), 'print("a")\nmore\n');
      assert.deepEqual(fs.readFileSync(path.join(back, 'nested', 'b.bin')), Buffer.from([0, 1, 2, 255]));
    });

    it('reports plausible stats', async () => {
      const stats = await engine.stats(record);
      assert.ok(stats.memoryBytes > 0 && stats.memoryBytes < (stats.memoryLimitBytes ?? Infinity), JSON.stringify(stats));
      assert.equal(stats.memoryLimitBytes, 1024 * 1024 * 1024);
      assert.ok(stats.pids >= 1, JSON.stringify(stats));
      assert.ok(stats.cpuPercent >= 0 && stats.cpuPercent <= 100 * os.cpus().length, JSON.stringify(stats));
      assert.equal(stats.networkRxBytes, 0);
    });

    it('reports a stopped user sandbox and starts it again, files kept', async () => {
      const kept = await sandbox({ purpose: 'user' });
      await engine.exec(kept, ['sh', '-c', 'echo kept > /work/k.txt']);
      await engine.stop(kept);
      assert.equal((await engine.inspect(kept)).state, 'stopped');
      await engine.start(kept);
      assert.equal((await engine.inspect(kept)).state, 'running');
      assert.equal((await engine.exec(kept, ['cat', '/work/k.txt'])).stdout, 'kept\n');
    });

    it('ends a one-run sandbox with the process that made it (killed), and keeps a user sandbox', async function () {
      // A separate owner process makes one sandbox of each kind, says their handles, and is then SIGKILLed.
      const script = `
        const { DockerEngine } = require(${JSON.stringify(path.join(repo, 'src/core/sandbox/docker'))});
        const engine = new DockerEngine(undefined, ${JSON.stringify(scope)}, { runtime: ${JSON.stringify(runtime)} });
        (async () => {
          const bound = await engine.create({ name: ${JSON.stringify(uniqueName('bound'))}, image: ${JSON.stringify(IMAGE)}, purpose: 'debug' });
          const user = await engine.create({ name: ${JSON.stringify(uniqueName('user'))}, image: ${JSON.stringify(IMAGE)}, purpose: 'user' });
          await engine.exec(bound, ['sh', '-c', 'sleep 600 & echo started']);
          console.log(JSON.stringify({ bound, user }));
          setInterval(() => undefined, 1000);
        })();`;
      const owner = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
      const said = await new Promise<string>((resolve, reject) => {
        let out = '';
        owner.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out);
        });
        owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
      });
      const { bound, user } = JSON.parse(said) as { bound: SandboxRecord; user: SandboxRecord };
      made.push(user, bound);
      assert.equal((await engine.inspect(bound)).state, 'running');
      owner.kill('SIGKILL');
      // Docker removes it within a second or so; the margin is for a loaded machine.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && leftovers(`snakepit.sandbox=${bound.name}`).length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      assert.deepEqual(leftovers(`snakepit.sandbox=${bound.name}`), [], 'the one-run sandbox (container and work volume) is gone');
      assert.equal((await engine.inspect(user)).state, 'running', 'the user sandbox is kept');
    });

    it('lists what it owns with engine and purpose', async () => {
      const mine = (await engine.listOwned()).filter((r) => r.sandbox === record.name);
      assert.deepEqual(mine.map((r) => r.kind).sort(), ['container', 'volume']);
      assert.ok(mine.every((r) => r.purpose === 'ephemeral' && r.engine === 'docker'));
    });
  });

  describe('failures', () => {
    it('says how to get a missing image, and leaves nothing behind', async () => {
      const name = uniqueName('noimage');
      await assert.rejects(engine.create({ name, image: 'snakepit/does-not-exist:never' }), (error: unknown) => {
        assert.ok(error instanceof SandboxError);
        assert.match(error.message, /snakepit\/does-not-exist:never/);
        assert.match(error.message, /snakepit image ensure --build-local/);
        assert.match(error.message, /docker pull snakepit\/does-not-exist:never/);
        return true;
      });
      assert.deepEqual(leftovers(`snakepit.sandbox=${name}`), []);
    });

    it('refuses a second sandbox with the same name without harming the first', async () => {
      const first = await sandbox();
      await assert.rejects(engine.create({ name: first.name, image: IMAGE }), /already exists/);
      assert.equal((await engine.inspect(first)).state, 'running');
    });

    it('never touches what Snakepit does not own', async () => {
      const name = `${prefix}-foreign`;
      docker('volume', 'create', '--label', `snakepit.sandbox=${name}`, name);
      try {
        await engine.removeOwned({ engine: 'docker', kind: 'volume', id: name, sandbox: name, purpose: 'user', labels: {} });
        assert.equal(docker('volume', 'ls', '-q', '--filter', `name=${name}`), name);
      } finally {
        docker('volume', 'rm', name);
      }
    });
  });
});
