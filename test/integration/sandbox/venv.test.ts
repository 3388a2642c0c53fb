import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SandboxRecord } from '../../../src/core/sandbox/engine';
import { VenvEngine } from '../../../src/core/sandbox/venv';
import { isAlive, treeListing } from './helpers';

describe('VenvEngine (no isolation)', function () {
  this.timeout(120_000);
  let root: string;
  let engine: VenvEngine;
  let sandbox: SandboxRecord;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-venv-'));
    engine = new VenvEngine(root);
    const availability = await engine.available();
    assert.ok(availability.ok);
    assert.match(availability.detail, /not isolated/);
    sandbox = await engine.create({ name: 'plain' });
  });

  after(async () => {
    await engine.destroy(sandbox);
    assert.equal(fs.existsSync(sandbox.handle), false);
    assert.deepEqual(fs.readdirSync(root), []);
    fs.rmdirSync(root);
  });

  it('says it is not isolated', async () => {
    assert.equal(engine.isolated, false);
    assert.equal(sandbox.workDir, path.join(sandbox.handle, 'work'));
    assert.match((await engine.inspect(sandbox)).reason ?? '', /not isolated/);
  });

  it('runs commands in the venv with the work dir as cwd', async () => {
    const result = await engine.exec(sandbox, ['python', '-c', 'import os, sys; print(sys.prefix); print(os.getcwd())']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [path.join(sandbox.workDir, '.venv'), sandbox.workDir]);
    const stdin = await engine.exec(sandbox, ['cat'], { stdin: 'piped' });
    assert.equal(stdin.stdout, 'piped');
    assert.equal((await engine.exec(sandbox, ['sh', '-c', 'exit 4'])).exitCode, 4);
  });

  it('snapshots and rolls back exactly', async () => {
    await engine.exec(sandbox, ['sh', '-c', 'echo a > a.txt && mkdir d && echo b > d/b.txt && chmod 700 d']);
    const before = treeListing(sandbox.workDir);
    const snapshot = await engine.snapshot(sandbox, 'clean');
    await engine.exec(sandbox, ['sh', '-c', 'echo new > new.txt && rm a.txt && echo more >> d/b.txt && chmod 755 d']);
    assert.notDeepEqual(treeListing(sandbox.workDir), before);
    await engine.rollback(sandbox, snapshot);
    assert.deepEqual(treeListing(sandbox.workDir), before);
    await engine.deleteSnapshot(sandbox, snapshot);
  });

  it('kills a timed-out command and says it is not isolated', async () => {
    const pidFile = path.join(sandbox.workDir, 'pid');
    const result = await engine.exec(sandbox, ['sh', '-c', 'echo $$ > pid; sleep 600 & echo $! >> pid; wait'], { timeoutMs: 1000 });
    assert.equal(result.timedOut, true);
    assert.match(result.reason ?? '', /timed out.*not isolated/);
    const pids = fs.readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    assert.equal(pids.length, 2);
    // The tree is killed; give the kernel a moment to finish the last exit under load.
    const deadline = Date.now() + 3000;
    while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} still alive`);
  });

  it('applies rlimits: an allocation over the memory limit fails', async () => {
    const limited = await engine.create({ name: 'limited', limits: { memoryBytes: 256 << 20 } });
    try {
      const result = await engine.exec(limited, ['python', '-c', 'bytearray(2 * 1024 ** 3)']);
      assert.notEqual(result.exitCode, 0);
      assert.match(result.reason ?? '', /out of memory \(address-space limit 256 MiB\).*not isolated/);
    } finally {
      await engine.destroy(limited);
    }
  });
});
