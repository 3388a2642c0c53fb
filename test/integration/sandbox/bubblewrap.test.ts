import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { BubblewrapEngine } from '../../../src/core/sandbox/bubblewrap';
import { bwrapArgs, envNamedPaths } from '../../../src/core/sandbox/bubblewrap/bwrapArgs';
import type { SandboxRecord } from '../../../src/core/sandbox/engine';
import { sleepPython, survivorsWith, treeListing } from './helpers';

describe('BubblewrapEngine (real bwrap)', function () {
  this.timeout(120_000);
  let root: string;
  let engine: BubblewrapEngine;
  let sandbox: SandboxRecord;

  before(async function () {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bwrap-'));
    engine = new BubblewrapEngine(root);
    const availability = await engine.available();
    if (!availability.ok) throw new Error(availability.reason);
    sandbox = await engine.create({ name: 'shared', purpose: 'ephemeral' });
  });

  after(async () => {
    await engine.destroy(sandbox);
    assert.deepEqual(fs.readdirSync(root), ['.venv-templates'], 'every sandbox directory is gone; only the venv template stays');
    fs.rmSync(root, { recursive: true });
  });

  describe('lifecycle', () => {
    it('creates, snapshots, rolls back exactly, destroys', async () => {
      const record = await engine.create({ name: 'life', labels: { test: 'lifecycle' } });
      assert.equal(record.engine, 'bubblewrap');
      assert.equal(record.workDir, '/work');
      await engine.start(record);
      assert.equal((await engine.inspect(record)).state, 'stopped');
      const owned = await engine.listOwned();
      assert.ok(owned.some((r) => r.sandbox === 'life' && r.labels.test === 'lifecycle' && r.labels['snakepit.owner'] === 'snakepit'));

      const write = await engine.exec(record, ['sh', '-c', 'mkdir -p data && echo one > data/a.txt && echo two > b.txt && chmod 640 b.txt && ln -s b.txt link && echo keep > c.txt']);
      assert.equal(write.exitCode, 0, write.stderr);
      const work = path.join(record.handle, 'work');
      const before = treeListing(work);
      const snapshot = await engine.snapshot(record, 'before changes');

      const change = await engine.exec(record, ['sh', '-c', 'echo new > added.txt && rm c.txt && echo changed >> data/a.txt && chmod 600 data/a.txt && rm -rf .venv/bin']);
      assert.equal(change.exitCode, 0, change.stderr);
      assert.notDeepEqual(treeListing(work), before);

      await engine.rollback(record, snapshot);
      assert.deepEqual(treeListing(work), before);
      const python = await engine.exec(record, ['python', '-c', 'print(open("data/a.txt").read().strip())']);
      assert.equal(python.stdout.trim(), 'one', python.stderr);

      await engine.deleteSnapshot(record, snapshot);
      assert.equal(fs.existsSync(snapshot.handle), false);
      await engine.destroy(record);
      assert.equal(fs.existsSync(record.handle), false);
      assert.equal((await engine.inspect(record)).state, 'missing');
      await engine.destroy(record);
    });

    it('makes later sandboxes as thin venvs over the template, pip included, the template read-only', async () => {
      const [template] = fs.readdirSync(path.join(root, '.venv-templates'));
      assert.ok(template, 'the first sandbox left a venv template');
      const copy = await engine.create({ name: 'fromtemplate' });
      try {
        const base = fs.readdirSync(path.join(root, '.venv-templates', template, 'lib')).map((python) => path.join(root, '.venv-templates', template, 'lib', python, 'site-packages'))[0];
        const script = `command -v python; python -m pip --version; pip --version; python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])"; touch ${base}/x 2>/dev/null; echo $?`;
        const result = await engine.exec(copy, ['sh', '-c', script]);
        assert.equal(result.exitCode, 0, result.stderr);
        const [python, pipModule, pipScript, installsTo, touched] = result.stdout.trim().split('\n');
        assert.equal(python, '/work/.venv/bin/python');
        assert.ok(pipModule.includes(`${base}/pip`), `pip comes from the template's shared site-packages: ${pipModule}`);
        assert.equal(pipScript, pipModule, 'the pip script runs with the thin venv');
        assert.match(installsTo, /^\/work\/\.venv\/lib\/python3\.\d+\/site-packages$/, 'what pip installs lands in the sandbox');
        assert.notEqual(touched, '0', 'the shared template cannot be written from inside');
        assert.equal(fs.existsSync(path.join(base, 'x')), false);
      } finally {
        await engine.destroy(copy);
      }
    });

    it('refuses a taken name and leaves nothing behind when the interpreter is bad', async () => {
      await assert.rejects(engine.create({ name: 'shared' }), /already exists/);
      await assert.rejects(engine.create({ name: 'badpython', image: '/nonexistent/python3' }), /not a usable Python interpreter/);
      assert.equal(fs.existsSync(path.join(root, 'badpython')), false);
    });

    it('copies files in and out, but not through a symlink planted by the sandbox', async () => {
      const host = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-copy-'));
      try {
        fs.writeFileSync(path.join(host, 'in.txt'), 'hello');
        await engine.copyIn(sandbox, path.join(host, 'in.txt'), '/work/sub/in.txt');
        const cat = await engine.exec(sandbox, ['cat', 'sub/in.txt']);
        assert.equal(cat.stdout, 'hello');
        await engine.copyOut(sandbox, 'sub/in.txt', path.join(host, 'out.txt'));
        assert.equal(fs.readFileSync(path.join(host, 'out.txt'), 'utf8'), 'hello');
        await engine.exec(sandbox, ['ln', '-s', '/etc', 'escape']);
        await assert.rejects(engine.copyOut(sandbox, '/work/escape/hostname', path.join(host, 'x')), /outside the sandbox/);
        await assert.rejects(engine.copyIn(sandbox, path.join(host, 'in.txt'), '/work/escape/evil'), /outside the sandbox/);
        await assert.rejects(engine.copyIn(sandbox, path.join(host, 'in.txt'), '/etc/evil'), /outside the sandbox's work directory/);
      } finally {
        fs.rmSync(host, { recursive: true, force: true });
      }
    });
  });

  describe('exec', () => {
    it('reports exit codes, stdout and stderr, and feeds stdin', async () => {
      const result = await engine.exec(sandbox, ['sh', '-c', 'echo out; echo err >&2; exit 3']);
      assert.deepEqual([result.exitCode, result.stdout, result.stderr, result.timedOut, result.cancelled], [3, 'out\n', 'err\n', false, false]);
      const upper = await engine.exec(sandbox, ['python', '-c', 'import sys; print(sys.stdin.read().upper())'], { stdin: 'quiet snake' });
      assert.equal(upper.stdout.trim(), 'QUIET SNAKE');
      const env = await engine.exec(sandbox, ['sh', '-c', 'echo "$HOME $FOO $SECRET_TOKEN"; pwd'], { env: { FOO: 'bar' }, cwd: '/tmp' });
      assert.equal(env.stdout, '/work bar \n/tmp\n');
      const chunks: Buffer[] = [];
      await engine.exec(sandbox, ['echo', 'streamed'], { onStdout: (chunk) => chunks.push(chunk) });
      assert.equal(Buffer.concat(chunks).toString(), 'streamed\n');
    });

    it('kills the whole command on timeout: no process is left', async () => {
      const marker = `snakepit-timeout-${process.pid}`;
      const started = Date.now();
      const result = await engine.exec(sandbox, ['sh', '-c', `python -c 'import time; time.sleep(600)' ${marker} & python -c 'import time; time.sleep(600)' ${marker}`], { timeoutMs: 1500 });
      assert.equal(result.timedOut, true);
      assert.equal(result.exitCode, null);
      assert.match(result.reason ?? '', /timed out/);
      assert.ok(Date.now() - started < 5000);
      assert.deepEqual(await survivorsWith(marker), []);
      assert.equal((await engine.inspect(sandbox)).state, 'stopped');
    });

    it('is cancelled by an AbortSignal', async () => {
      const marker = `snakepit-abort-${process.pid}`;
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 500);
      const result = await engine.exec(sandbox, sleepPython(marker), { signal: controller.signal });
      assert.equal(result.cancelled, true);
      assert.equal(result.exitCode, null);
      assert.deepEqual(await survivorsWith(marker), []);
    });

    it('shows running commands in inspect and stats; stop kills them', async () => {
      const marker = `snakepit-spawn-${process.pid}`;
      const child = await engine.spawn(sandbox, sleepPython(marker));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await engine.inspect(sandbox)).state, 'running');
      const stats = await engine.stats(sandbox);
      assert.ok(stats.pids >= 2 && stats.memoryBytes > 1 << 20, JSON.stringify(stats));
      await engine.stop(sandbox);
      assert.equal((await child.exited).exitCode !== 0, true);
      assert.equal((await engine.inspect(sandbox)).state, 'stopped');
      assert.deepEqual(await survivorsWith(marker), []);
    });
  });

  describe('isolation', () => {
    it('has no network: only lo, and connecting out fails', async () => {
      const script = [
        'import socket',
        'print(sorted(name for _, name in socket.if_nameindex()))',
        'try:',
        '    socket.create_connection(("1.1.1.1", 53), timeout=3); print("connected")',
        'except OSError as error:',
        '    print("refused", error.errno)',
      ].join('\n');
      const result = await engine.exec(sandbox, ['python', '-c', script]);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, /^\['lo'\]\nrefused/);
    });

    it('cannot write outside /work and /tmp', async () => {
      const result = await engine.exec(sandbox, ['sh', '-c', 'touch /usr/snakepit-x; echo $?; touch /etc/snakepit-x; echo $?; touch /tmp/ok /work/ok; echo $?']);
      assert.equal(result.stdout, '1\n1\n0\n');
      assert.equal(fs.existsSync('/usr/snakepit-x') || fs.existsSync('/etc/snakepit-x'), false);
    });

    it('does not see the host home, /root or /run', async () => {
      const sentinel = path.join(os.homedir(), `.snakepit-sentinel-${process.pid}`);
      fs.writeFileSync(sentinel, 'secret', { mode: 0o600 });
      try {
        const result = await engine.exec(sandbox, ['sh', '-c', `cat ${sentinel}; ls -A /root /run ${os.homedir()}; ls /root/.ssh`]);
        assert.match(result.stderr, /No such file/);
        assert.doesNotMatch(result.stdout, /secret|\.ssh|docker\.sock|\.bashrc/);
        const listing = result.stdout.split('\n').filter((line) => line && !line.endsWith(':'));
        // Only the interpreter's own prefix comes back when it lives under a home (pyenv).
        assert.ok(listing.every((entry) => entry === '.pyenv' || entry === '.local'), listing.join(', '));
      } finally {
        fs.rmSync(sentinel);
      }
    });

    describe('host facts stay outside', () => {
      const sh = async (script: string, record = sandbox) => {
        const result = await engine.exec(record, ['sh', '-c', script]);
        assert.equal(result.exitCode, 0, result.stderr);
        return result.stdout;
      };
      const connects = (socketPath: string, record = sandbox) =>
        sh(`python -c 'import socket, sys\ns = socket.socket(socket.AF_UNIX)\ntry:\n    s.connect(sys.argv[1].replace("@", "\\0", 1) if sys.argv[1].startswith("@") else sys.argv[1]); print("connected")\nexcept OSError as error:\n    print("refused", error.errno)' '${socketPath}'`, record);

      it('has an empty /sys: no host network interfaces, block devices or firmware', async () => {
        assert.ok(fs.readdirSync('/sys/class/net').length > 0, 'the host has /sys/class/net');
        assert.equal(await sh('ls -A /sys; test -e /sys/class/net && echo present; true'), '');
      });

      it('has its own, ordinary host name, not the host\'s', async () => {
        const out = await sh('hostname; cat /etc/hostname 2>/dev/null || echo workstation; python -c "import socket, platform; print(socket.gethostname()); print(platform.node())"');
        assert.deepEqual(out.trim().split('\n'), ['workstation', 'workstation', 'workstation', 'workstation']);
        assert.notEqual(os.hostname(), 'workstation');
        if (fs.existsSync('/etc/hosts')) assert.doesNotMatch(await sh('cat /etc/hosts'), new RegExp(`\\b${os.hostname().replace(/\W/g, '\\$&')}\\b`));
      });

      it("does not list the host's users, password hashes or machine id", async () => {
        const hostUsers = fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':')[0]).filter((name) => name && !['root', 'nobody', 'sandbox'].includes(name));
        const out = await sh('cat /etc/passwd; echo ---; cat /etc/group; echo ---; cat /etc/shadow /etc/gshadow 2>/dev/null | wc -c; cat /etc/machine-id 2>/dev/null; echo; python -c "import pwd; print(sorted(p.pw_name for p in pwd.getpwall()))"');
        const [passwd, group, rest] = out.split('---\n');
        assert.deepEqual(passwd.trim().split('\n').map((line) => line.split(':')[0]).filter((name) => !['root', 'nobody', 'sandbox'].includes(name)), []);
        for (const name of hostUsers) {
          assert.doesNotMatch(passwd + group, new RegExp(`^${name}:|[:,]${name}(,|$)`, 'm'), `host user ${name} is listed`);
        }
        const [shadowBytes, machineId, pwall] = rest.trim().split('\n');
        assert.equal(shadowBytes.trim(), '0');
        if (fs.existsSync('/etc/machine-id')) assert.notEqual(machineId.trim(), fs.readFileSync('/etc/machine-id', 'utf8').trim());
        assert.ok(hostUsers.every((name) => !pwall.includes(`'${name}'`)), pwall);
      });

      it("sees none of the host's environment, even what the launching process set", async () => {
        const marker = `snakepit-env-marker-${process.pid}-${Date.now()}`;
        process.env.SNAKEPIT_LEAK_TEST = marker;
        process.env.AWS_SECRET_ACCESS_KEY = marker;
        try {
          const out = await sh('env; cat /proc/1/environ | tr "\\0" "\\n"');
          assert.doesNotMatch(out, new RegExp(marker));
          assert.doesNotMatch(out, /^(SSH_AUTH_SOCK|DBUS_SESSION_BUS_ADDRESS|DISPLAY|XAUTHORITY|USER|LOGNAME|XDG_RUNTIME_DIR)=/m);
          const names = out.split('\n').filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line)).map((line) => line.split('=')[0]);
          assert.ok(names.every((name) => ['PATH', 'HOME', 'LANG', 'TMPDIR', 'VIRTUAL_ENV', 'PWD', 'SHLVL', '_', 'OLDPWD'].includes(name)), names.join(' '));
        } finally {
          delete process.env.SNAKEPIT_LEAK_TEST;
          delete process.env.AWS_SECRET_ACCESS_KEY;
        }
      });

      it('cannot reach the ssh agent behind $SSH_AUTH_SOCK, even through a mount of its directory, nor abstract sockets', async () => {
        const agentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-snakepit-'));
        const socketPath = path.join(agentDir, `agent.${process.pid}`);
        const agent = net.createServer((connection) => connection.end('agent'));
        const abstractName = `snakepit-abstract-${process.pid}`;
        const abstract = net.createServer((connection) => connection.end('x'));
        await new Promise<void>((resolve) => agent.listen(socketPath, resolve));
        await new Promise<void>((resolve) => abstract.listen(`\0${abstractName}`, resolve));
        fs.writeFileSync(path.join(agentDir, 'readable.txt'), 'mounted');
        const saved = process.env.SSH_AUTH_SOCK;
        process.env.SSH_AUTH_SOCK = socketPath;
        // The directory is mounted at its own path: without the mask, the socket would answer.
        const mounted = await engine.create({ name: 'agentmount', mounts: [{ hostPath: agentDir, sandboxPath: agentDir, readOnly: true }] });
        try {
          assert.equal(envNamedPaths(process.env).includes(fs.realpathSync(socketPath)), true);
          assert.equal(await sh(`echo "[$SSH_AUTH_SOCK]"; cat ${agentDir}/readable.txt`, mounted), '[]\nmounted');
          assert.match(await connects(socketPath, mounted), /^refused/);
          assert.match(await connects(socketPath), /^refused \d+/, 'not at its own path in the default sandbox either');
          assert.match(await connects(`@${abstractName}`), /^refused/, 'abstract sockets live in the host network namespace');
          const host = await new Promise<string>((resolve) => net.connect(socketPath).on('data', (data) => resolve(data.toString())));
          assert.equal(host, 'agent', 'the agent itself works on the host');
        } finally {
          if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
          else process.env.SSH_AUTH_SOCK = saved;
          await engine.destroy(mounted);
          agent.close();
          abstract.close();
          fs.rmSync(agentDir, { recursive: true, force: true });
        }
      });

      it("has a /proc of its own PID namespace: no host process, the host's boot id and kernel command line blanked", async () => {
        const marker = `snakepit-hostproc-${process.pid}`;
        const hostProcess = spawn('sleep', ['60', marker], { stdio: 'ignore' });
        try {
          const out = await sh('for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < $f; echo; done; echo ---; cat /proc/sys/kernel/random/boot_id; wc -c < /proc/cmdline; echo ---; tr "\\0" "\\n" < /proc/1/environ');
          const [processes, facts, pid1Environ] = out.split('---\n');
          assert.doesNotMatch(processes, new RegExp(marker));
          // pid 1 is bwrap: its command line and environment would name every host path it binds and the launcher's PATH.
          assert.ok(!processes.includes(sandbox.handle) && !processes.includes(root) && !processes.includes('--ro-bind'), processes);
          assert.equal(pid1Environ.trim(), '', 'bwrap starts with an empty environment');
          assert.ok(processes.trim().split('\n').length <= 6, `only the sandbox's own processes: ${processes}`);
          const [bootId, cmdlineBytes] = facts.trim().split('\n');
          assert.notEqual(bootId, fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
          assert.equal(cmdlineBytes.trim(), '0');
        } finally {
          hostProcess.kill();
        }
      });

      it('gets none of the descriptors the launching process inherited (from an editor, a CI runner)', () => {
        // A child Snakepit whose fds 3–12 are open without close-on-exec, as an editor or runner may leave them.
        const engineModule = path.resolve(__dirname, '../../../src/core/sandbox/bubblewrap');
        const script = `const { BubblewrapEngine } = require(${JSON.stringify(engineModule)});
          new BubblewrapEngine(process.env.SNAKEPIT_ROOT).exec(JSON.parse(process.env.SNAKEPIT_RECORD), ['sh', '-c', 'ls /proc/self/fd'])
            .then((r) => process.stdout.write(r.stdout + r.stderr));`;
        const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
          env: { ...process.env, SNAKEPIT_ROOT: root, SNAKEPIT_RECORD: JSON.stringify(sandbox) },
          stdio: ['ignore', 'pipe', 'pipe', ...Array<'pipe'>(10).fill('pipe')],
          encoding: 'utf8',
          timeout: 120_000,
        });
        assert.equal(child.status, 0, String(child.stderr));
        // 0–2, and 3: the directory `ls` itself reads.
        assert.deepEqual(String(child.stdout).trim().split('\n'), ['0', '1', '2', '3']);
      });

      it("cannot read the launching session's kernel keyring (keyrings are not namespaced)", function () {
        if (process.arch !== 'x64') this.skip(); // the syscall numbers below are x86_64's
        const marker = `snakepit-key-${process.pid}`;
        const inside = `import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nkey = libc.syscall(249, b"user", b"${marker}", None, 0)\nprint(key, ctypes.get_errno())`;
        const engineModule = path.resolve(__dirname, '../../../src/core/sandbox/bubblewrap');
        const script = `const { BubblewrapEngine } = require(${JSON.stringify(engineModule)});
          new BubblewrapEngine(process.env.SNAKEPIT_ROOT).exec(JSON.parse(process.env.SNAKEPIT_RECORD), ['python', '-c', process.env.SNAKEPIT_INSIDE])
            .then((r) => process.stdout.write(r.stdout + r.stderr));`;
        // A session keyring holding a secret (as a login's may), then a Snakepit started from that session.
        const launcher = [
          'import ctypes, os, sys',
          'libc = ctypes.CDLL(None, use_errno=True)',
          'assert libc.syscall(250, 1, b"snakepit-test") > 0',
          `assert libc.syscall(248, b"user", b"${marker}", b"s3cret", 6, -3) > 0`,
          `assert libc.syscall(249, b"user", b"${marker}", None, 0) > 0, "the key is there outside"`,
          'os.execv(sys.argv[1], sys.argv[1:])',
        ].join('\n');
        const child = spawnSync('python3', ['-c', launcher, process.execPath, '--import', 'tsx', '-e', script], {
          env: { ...process.env, SNAKEPIT_ROOT: root, SNAKEPIT_RECORD: JSON.stringify(sandbox), SNAKEPIT_INSIDE: inside },
          encoding: 'utf8',
          timeout: 120_000,
        });
        assert.equal(child.status, 0, String(child.stderr));
        assert.equal(child.stdout.trim(), '-1 1', 'request_key fails with EPERM inside');
      });

      it("has a minimal /dev, and none of the host's /dev/shm, /tmp, /var or /run", async () => {
        const hostTmp = path.join(os.tmpdir(), `snakepit-other-user-${process.pid}`);
        const hostShm = `/dev/shm/snakepit-shm-${process.pid}`;
        fs.writeFileSync(hostTmp, 'other');
        const shm = fs.existsSync('/dev/shm');
        if (shm) fs.writeFileSync(hostShm, 'other');
        try {
          const out = await sh(`ls -A /dev; echo ---; ls -A /dev/shm /tmp /run; echo ---; ls -A /var; test -e ${hostTmp} && echo leaked; true`);
          const [dev, shared, variable] = out.split('---\n');
          const allowed = ['console', 'core', 'fd', 'full', 'mqueue', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', 'zero'];
          assert.deepEqual(dev.trim().split('\n').filter((entry) => !allowed.includes(entry)), []);
          assert.doesNotMatch(shared, /snakepit-(shm|other-user)/);
          assert.deepEqual(variable.trim().split('\n').sort(), ['lock', 'run', 'tmp'], 'no /var/log, /var/lib/docker, /var/mail …');
        } finally {
          fs.rmSync(hostTmp, { force: true });
          if (shm) fs.rmSync(hostShm, { force: true });
        }
      });

      it("cannot read another sandbox's files, wherever the sandboxes live", async () => {
        const other = await engine.create({ name: 'neighbour' });
        try {
          await sh('echo private > mine.txt', other);
          const otherFile = path.join(other.handle, 'work', 'mine.txt');
          assert.equal(await sh(`cat ${otherFile} 2>/dev/null; ls -A ${root} 2>/dev/null | grep -v '^\\.' ; true`), '');
          // A root in a place the sandbox otherwise sees (here /usr/share stands in for one) gets a tmpfs over it before /work is bound.
          const args = bwrapArgs({ hostWork: '/usr/share/x/work', network: 'none', mounts: [], sandboxesRoot: '/usr/share', argv: ['true'] });
          const hiddenAt = args.findIndex((arg, i) => arg === '/usr/share' && args[i - 1] === '--tmpfs');
          assert.ok(hiddenAt > args.indexOf('/usr') && hiddenAt < args.indexOf('/work'), args.join(' '));
        } finally {
          await engine.destroy(other);
        }
      });
    });

    it('stops a fork bomb at the process limit and keeps the host responsive', async () => {
      const bomb = await engine.create({ name: 'forkbomb', limits: { pids: 64 } });
      try {
        const marker = `snakepit-bomb-${process.pid}`;
        const started = Date.now();
        const result = await engine.exec(bomb, ['python', '-c', 'import os, time\nwhile True:\n    os.fork()', marker], { timeoutMs: 10_000 });
        assert.ok(Date.now() - started < 12_000, `took ${Date.now() - started} ms`);
        assert.match(result.stderr, /Resource temporarily unavailable|BlockingIOError/);
        const host = Date.now();
        assert.equal(spawnSync('true').status, 0);
        assert.ok(Date.now() - host < 1000);
        assert.deepEqual(await survivorsWith(marker), []);
      } finally {
        await engine.destroy(bomb);
      }
    });

    it('kills a memory hog at its limit and says why', async () => {
      const hog = await engine.create({ name: 'memhog', limits: { memoryBytes: 256 << 20 } });
      try {
        const result = await engine.exec(hog, ['python', '-c', 'data = bytearray(2 * 1024 ** 3); print("allocated")'], { timeoutMs: 30_000 });
        assert.notEqual(result.exitCode, 0);
        assert.doesNotMatch(result.stdout, /allocated/);
        assert.match(result.reason ?? '', /out of memory \((address-space )?limit 256 MiB\)/);
      } finally {
        await engine.destroy(hog);
      }
    });
  });
});
