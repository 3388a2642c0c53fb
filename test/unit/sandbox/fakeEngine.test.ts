import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LABEL, SandboxError } from '../../../src/core/sandbox/engine';
import { FakeEngine, type FakeProcess } from '../../../src/core/sandbox/fake';

describe('FakeEngine: the programmable parts', () => {
  describe('exec', () => {
    it('answers from rules: an argv prefix, a RegExp, a predicate or a handler; a later rule wins; the default otherwise', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box' });
      engine
        .onExec(['pip'], { exitCode: 0, stdout: 'pip says hi\n' })
        .onExec(['pip', 'install'], { exitCode: 1, stderr: 'no index\n' })
        .onExec(/^python3 -c /, (argv) => ({ stdout: `ran ${argv.length} words\n` }))
        .onExec((argv) => argv[0] === 'count', (_argv, { files }) => ({ stdout: `${files.list().length}\n` }))
        .setDefaultExec({ exitCode: 127, stderr: 'not found\n' });
      assert.equal((await engine.exec(record, ['pip', '--version'])).stdout, 'pip says hi\n');
      assert.deepEqual(
        (({ exitCode, stderr }) => ({ exitCode, stderr }))(await engine.exec(record, ['pip', 'install', 'x'])),
        { exitCode: 1, stderr: 'no index\n' },
      );
      assert.equal((await engine.exec(record, ['python3', '-c', 'pass'])).stdout, 'ran 3 words\n');
      assert.equal((await engine.exec(record, ['count'])).stdout, '1\n', 'the handler sees the work tree (just /work)');
      const missing = await engine.exec(record, ['nope']);
      assert.deepEqual([missing.exitCode, missing.stderr, missing.timedOut, missing.cancelled], [127, 'not found\n', false, false]);
    });

    it('lets a handler change the files as the real command would, and streams the reply to the callbacks', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box' });
      engine.onExec(['touch'], (argv, { files }) => files.write(argv[1], ''));
      await engine.exec(record, ['touch', 'made.txt']);
      assert.equal(engine.files('box').has('/work/made.txt'), true);
      engine.onExec(['talk'], { stdout: 'out', stderr: 'err' });
      const out: string[] = [];
      const err: string[] = [];
      await engine.exec(record, ['talk'], { onStdout: (c) => out.push(c.toString()), onStderr: (c) => err.push(c.toString()) });
      assert.deepEqual([out, err], [['out'], ['err']]);
    });

    it('reports an out-of-memory reply as killed', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box' });
      engine.onExec(['hog'], { outOfMemory: true, reason: 'killed: out of memory (limit 64 MiB)' });
      const result = await engine.exec(record, ['hog']);
      assert.deepEqual([result.exitCode, result.outOfMemory, result.reason], [null, true, 'killed: out of memory (limit 64 MiB)']);
    });

    it('times out a command that hangs, and cancels one through its AbortSignal', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box' });
      engine.onExec(['sleep'], 'hang');
      const timedOut = await engine.exec(record, ['sleep', '600'], { timeoutMs: 50 });
      assert.deepEqual([timedOut.exitCode, timedOut.timedOut, timedOut.cancelled, timedOut.reason], [null, true, false, 'timed out after 0.1 s']);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const cancelled = await engine.exec(record, ['sleep', '600'], { signal: controller.signal });
      assert.deepEqual([cancelled.exitCode, cancelled.timedOut, cancelled.cancelled, cancelled.reason], [null, false, true, 'cancelled']);
      const slow = await engine.exec(record, ['slow'], { timeoutMs: 30 });
      assert.equal(slow.timedOut, false, 'a command that answers in time is not timed out');
      engine.onExec(['slow'], () => new Promise((resolve) => setTimeout(() => resolve({ stdout: 'late' }), 5000)));
      assert.equal((await engine.exec(record, ['slow'], { timeoutMs: 30 })).timedOut, true, 'a slow handler is timed out too');
      const before = new AbortController();
      before.abort();
      const never = await engine.exec(record, ['anything'], { signal: before.signal });
      assert.equal(never.cancelled, true);
      assert.equal(engine.sandbox('box')?.runningExecs, 0);
    });

    it('records every call with its argv and options', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box', purpose: 'gate' });
      await engine.exec(record, ['echo', 'hi'], { cwd: '/tmp', env: { A: 'b' }, timeoutMs: 10, onStdout: () => undefined });
      assert.deepEqual(engine.calls.map((c) => c.operation), ['create', 'exec']);
      assert.deepEqual(engine.callsOf('exec')[0], { operation: 'exec', sandbox: 'box', argv: ['echo', 'hi'], detail: { options: { cwd: '/tmp', env: { A: 'b' }, timeoutMs: 10 } } });
      assert.equal((engine.callsOf('create')[0].detail?.spec as { purpose: string }).purpose, 'gate');
    });
  });

  describe('faults', () => {
    it('fails the next call of an operation with the given error, once or a number of times, optionally for one sandbox', async () => {
      const engine = new FakeEngine();
      const a = await engine.create({ name: 'a' });
      const b = await engine.create({ name: 'b' });
      engine.failNext('exec', 'engine exploded', { sandbox: 'b' });
      assert.equal((await engine.exec(a, ['true'])).exitCode, 0, 'another sandbox is not affected');
      await assert.rejects(engine.exec(b, ['true']), (error: unknown) => error instanceof SandboxError && /engine exploded/.test(error.message));
      assert.equal((await engine.exec(b, ['true'])).exitCode, 0, 'only the next call fails');
      engine.failNext('snapshot', new Error('disk full'), { times: 2 });
      await assert.rejects(engine.snapshot(a, 'x'), /disk full/);
      await assert.rejects(engine.snapshot(a, 'x'), /disk full/);
      await engine.snapshot(a, 'x');
    });

    it('fails a create without leaving anything, and the name stays free', async () => {
      const engine = new FakeEngine();
      engine.failNext('create', 'no space left');
      await assert.rejects(engine.create({ name: 'x' }), /no space left/);
      assert.deepEqual(await engine.listOwned(), []);
      await engine.create({ name: 'x' });
    });

    it('holds a create until released, keeping the name taken meanwhile', async () => {
      const engine = new FakeEngine();
      const hang = engine.hangNext('create');
      const creating = engine.create({ name: 'slow' });
      await hang.reached;
      await assert.rejects(engine.create({ name: 'slow' }), /already exists/);
      assert.equal(engine.has('slow'), false);
      hang.release();
      assert.equal((await creating).name, 'slow');
      assert.equal(engine.has('slow'), true);

      const failing = engine.hangNext('create');
      const doomed = engine.create({ name: 'doomed' });
      await failing.reached;
      failing.release(new Error('gave up'));
      await assert.rejects(doomed, /gave up/);
      assert.equal(engine.has('doomed'), false);
    });

    it('holds an exec until it is cancelled or times out', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box' });
      const hang = engine.hangNext('exec');
      const controller = new AbortController();
      const running = engine.exec(record, ['true'], { signal: controller.signal });
      await hang.reached;
      controller.abort();
      assert.equal((await running).cancelled, true);
      engine.hangNext('exec');
      assert.equal((await engine.exec(record, ['true'], { timeoutMs: 20 })).timedOut, true);
      const released = engine.hangNext('exec');
      const later = engine.exec(record, ['true']);
      await released.reached;
      released.release();
      assert.equal((await later).exitCode, 0);
    });

    it('crashes a sandbox (dead, with the reason) or makes it vanish (missing)', async () => {
      const engine = new FakeEngine({ kind: 'docker' });
      const record = await engine.create({ name: 'box' });
      const child = await engine.spawn(record, ['server']);
      engine.crash('box', 'killed: out of memory (limit 64 MiB)', { oomKilled: true });
      assert.deepEqual(await engine.inspect(record), { state: 'dead', reason: 'killed: out of memory (limit 64 MiB)', oomKilled: true });
      assert.deepEqual(await child.exited, { exitCode: null });
      await assert.rejects(engine.exec(record, ['true']), /dead/);
      await assert.rejects(engine.start(record), /dead/);
      const other = await engine.create({ name: 'other' });
      engine.vanish('other');
      assert.equal((await engine.inspect(other)).state, 'missing');
      await assert.rejects(engine.exec(other, ['true']), /missing/);
      assert.deepEqual((await engine.listOwned()).map((r) => r.sandbox), ['box']);
      await engine.destroy(other);
    });
  });

  describe('states and processes', () => {
    it('docker kind: running or stopped as started and stopped; nothing runs in a stopped one', async () => {
      const engine = new FakeEngine({ kind: 'docker' });
      const record = await engine.create({ name: 'box' });
      assert.equal((await engine.inspect(record)).state, 'running');
      await engine.stop(record);
      assert.equal((await engine.inspect(record)).state, 'stopped');
      await assert.rejects(engine.exec(record, ['true']), /not running/);
      await assert.rejects(engine.spawn(record, ['true']), /not running/);
      await engine.start(record);
      assert.equal((await engine.exec(record, ['true'])).exitCode, 0);
      assert.equal((await engine.stats(record)).pids, 1);
    });

    it('directory kinds: running only while a command runs; stop kills spawned commands', async () => {
      const engine = new FakeEngine({ kind: 'bubblewrap' });
      const record = await engine.create({ name: 'box' });
      assert.equal((await engine.inspect(record)).state, 'stopped');
      const child = await engine.spawn(record, ['python3', 'server.py'], { cwd: '/work' });
      assert.deepEqual(await engine.inspect(record), { state: 'running', reason: '1 command(s) running' });
      assert.equal((await engine.stats(record)).pids, 1);
      await engine.stop(record);
      assert.deepEqual(await child.exited, { exitCode: null });
      assert.equal((child as FakeProcess).killed, true);
      assert.equal((await engine.inspect(record)).state, 'stopped');
      assert.deepEqual(engine.spawned.map((p) => [p.argv, p.options.cwd]), [[['python3', 'server.py'], '/work']]);
    });

    it('lets a test play a spawned command: it reads stdin, writes output, exits', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box' });
      engine.onSpawn(['rev'], (child) => {
        child.stdin.on('data', (chunk: Buffer) => child.stdout.write(chunk.toString().trim().split('').reverse().join('') + '\n'));
        child.stdin.on('end', () => child.exit(0));
      });
      const child = await engine.spawn(record, ['rev']);
      const output: string[] = [];
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stdin.write('abc\n');
      await new Promise((resolve) => setImmediate(resolve));
      child.stdin.end();
      assert.deepEqual(await child.exited, { exitCode: 0 });
      assert.deepEqual(output, ['cba\n']);
      assert.equal((await engine.inspect(record)).state, 'stopped');
    });
  });

  describe('files, snapshots and ownership', () => {
    it('snapshots the in-memory tree and rolls back to it exactly; a deleted snapshot cannot be rolled back to', async () => {
      const engine = new FakeEngine();
      const record = await engine.create({ name: 'box' });
      const files = engine.files('box');
      files.write('a.txt', 'a', { mode: 0o600, mtimeNs: 1_000_000_000_123_456_789n });
      files.symlink('a.txt', 'link');
      const before = files.listing();
      const snapshot = await engine.snapshot(record, 'clean');
      files.append('a.txt', '!');
      files.remove('link');
      files.write('new/b.txt', 'b');
      assert.notDeepEqual(files.listing(), before);
      await engine.rollback(record, snapshot);
      assert.deepEqual(engine.files('box').listing(), before);
      await engine.deleteSnapshot(record, snapshot);
      await assert.rejects(engine.rollback(record, snapshot), /is gone/);
    });

    it('copies host trees in and out with modes, and only within the work dir', async () => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-fake-'));
      try {
        const engine = new FakeEngine();
        const record = await engine.create({ name: 'box' });
        fs.mkdirSync(path.join(scratch, 'src', 'sub'), { recursive: true });
        fs.writeFileSync(path.join(scratch, 'src', 'sub', 'x.py'), 'x = 1');
        fs.chmodSync(path.join(scratch, 'src', 'sub', 'x.py'), 0o640);
        await engine.copyIn(record, path.join(scratch, 'src'), '/work/project');
        assert.equal(engine.files('box').readText('project/sub/x.py'), 'x = 1');
        const copied = engine.files('box').get('project/sub/x.py');
        assert.equal(copied?.type === 'file' ? copied.mode : undefined, 0o640);
        await engine.copyOut(record, 'project', path.join(scratch, 'back'));
        assert.equal(fs.readFileSync(path.join(scratch, 'back', 'sub', 'x.py'), 'utf8'), 'x = 1');
        assert.equal(fs.statSync(path.join(scratch, 'back', 'sub', 'x.py')).mode & 0o777, 0o640);
        await assert.rejects(engine.copyIn(record, path.join(scratch, 'src'), '/etc/evil'), /outside the sandbox's work directory/);
        await assert.rejects(engine.copyOut(record, '/work/none', path.join(scratch, 'none')), /does not exist/);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });

    it('lists what it owns with the labels the real engines use (docker kind: snapshots as volumes), and removes it by id', async () => {
      const engine = new FakeEngine({ kind: 'docker', scope: 'test-scope' });
      const record = await engine.create({ name: 'box', purpose: 'gate', labels: { 'snakepit.gate.role': 'ingest' }, image: 'img:1' });
      assert.equal(record.scope, 'test-scope');
      const snapshot = await engine.snapshot(record, 'first');
      const owned = await engine.listOwned();
      assert.deepEqual(owned.map((r) => [r.kind, r.id]), [['container', record.handle], ['volume', snapshot.handle]]);
      const [main, volume] = owned;
      assert.deepEqual(
        [main.labels[LABEL.owner], main.labels[LABEL.sandbox], main.labels[LABEL.purpose], main.labels[LABEL.image], main.labels[LABEL.scope], main.labels['snakepit.gate.role'], main.labels[LABEL.ownerPid]],
        ['snakepit', 'box', 'gate', 'img:1', 'test-scope', 'ingest', String(process.pid)],
      );
      assert.deepEqual([volume.labels[LABEL.snapshotOf], volume.labels[LABEL.snapshotId], volume.labels[LABEL.snapshotLabel]], ['box', snapshot.id, 'first']);
      await engine.removeOwned(volume);
      assert.deepEqual((await engine.listOwned()).map((r) => r.kind), ['container']);
      await engine.removeOwned({ ...main, id: 'something-else' });
      assert.equal(engine.has('box'), true, 'what it does not hold is left alone');
      await engine.removeOwned(main);
      assert.deepEqual(await engine.listOwned(), []);

      const directories = new FakeEngine({ kind: 'venv' });
      const plain = await directories.create({ name: 'plain' });
      await directories.snapshot(plain, 'inside');
      assert.deepEqual((await directories.listOwned()).map((r) => [r.engine, r.kind, r.sandbox]), [['venv', 'directory', 'plain']]);
    });

    it('records the owner it is told to, for reaping tests', async () => {
      const engine = new FakeEngine();
      engine.owner = { pid: 123456789, startedAt: 1, hostname: 'elsewhere' };
      const record = await engine.create({ name: 'box' });
      assert.deepEqual(record.owner, { pid: 123456789, startedAt: 1, hostname: 'elsewhere' });
      assert.equal((await engine.listOwned())[0].labels[LABEL.ownerHost], 'elsewhere');
    });
  });
});
