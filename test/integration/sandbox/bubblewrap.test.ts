import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BubblewrapEngine } from '../../../src/core/sandbox/bubblewrap';
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
