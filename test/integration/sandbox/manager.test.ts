import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSandboxServices } from '../../../src/core/sandbox/sandboxServices';

const repo = path.resolve(__dirname, '..', '..', '..');

describe('SandboxManager over the real bubblewrap engine: state, audit, recovery, reaping', function () {
  this.timeout(120_000);
  let stateDir: string;

  before(async function () {
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-probe-'));
    const probe = createSandboxServices(probeDir, 'test');
    const availability = await probe.engines.bubblewrap!.available();
    fs.rmSync(probeDir, { recursive: true, force: true });
    if (!availability.ok) this.skip(); // bwrap cannot run here (user namespaces disabled): the engine's own tests say why
  });
  beforeEach(() => (stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-manager-'))));
  afterEach(async () => {
    const { manager } = createSandboxServices(stateDir, 'test');
    const left = await manager.list();
    await manager.remove(left.map((r) => r.name));
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps sandboxes and snapshots across restarts, and logs every operation', async () => {
    const first = createSandboxServices(stateDir, 'test');
    await first.manager.create('bubblewrap', { name: 'keep', purpose: 'user' });
    await first.manager.exec('keep', ['sh', '-c', 'echo one > a.txt']);
    const snapshot = await first.manager.snapshot('keep', 'first');

    const restarted = createSandboxServices(stateDir, 'test');
    const [record] = await restarted.manager.list();
    assert.equal(record.name, 'keep');
    assert.deepEqual(record.snapshots.map((s) => [s.id, s.label]), [[snapshot.id, 'first']]);
    const operations = restarted.audit.read({ sandbox: 'keep' }).map((e) => `${e.operation}:${e.result}`);
    assert.deepEqual(operations, ['create:ok', 'exec:ok', 'snapshot:ok']);
  });

  it('refuses a duplicate name and explains an unknown one', async () => {
    const { manager } = createSandboxServices(stateDir, 'test');
    await manager.create('bubblewrap', { name: 'dup' });
    await assert.rejects(manager.create('bubblewrap', { name: 'dup' }), /already exists/);
    await assert.rejects(manager.exec('nope', ['true']), /no sandbox named "nope".*snakepit sandbox ls/);
    await assert.rejects(manager.rollback('dup'), /has no snapshots/);
  });

  it('keeps only the last N snapshots', async () => {
    const { manager } = createSandboxServices(stateDir, 'test', { keepSnapshots: 2 });
    await manager.create('bubblewrap', { name: 'retain' });
    for (const label of ['a', 'b', 'c']) await manager.snapshot('retain', label);
    const record = await manager.get('retain');
    assert.deepEqual(record.snapshots.map((s) => s.label), ['b', 'c']);
    assert.ok(record.snapshots.every((s) => fs.existsSync(s.handle)), 'kept snapshots exist');
  });

  it('rebuilds a corrupt state file from the sandboxes on disk, keeping the corrupt file as a backup', async () => {
    const services = createSandboxServices(stateDir, 'test');
    await services.manager.create('bubblewrap', { name: 'survivor' });
    const stateFile = path.join(stateDir, 'sandboxes.json');
    fs.writeFileSync(stateFile, '{"version": 1, "sandboxes": [');
    const warnings: string[] = [];
    const recovered = createSandboxServices(stateDir, 'test', { onWarning: (m) => warnings.push(m) });
    const records = await recovered.manager.list();
    assert.deepEqual(records.map((r) => [r.name, r.engine]), [['survivor', 'bubblewrap']]);
    assert.match(warnings.join("\n"), /corrupt.*1 sandbox\(es\) were recovered/);
    assert.ok(fs.readdirSync(stateDir).some((f) => f.startsWith('sandboxes.json.corrupt-')));
    const result = await recovered.manager.exec('survivor', ['echo', 'alive']);
    assert.equal(result.stdout.trim(), 'alive');
  });

  it('reaps an ephemeral sandbox whose owner process was killed, and leaves user sandboxes alone', async () => {
    const script = `
      const { createSandboxServices } = require(${JSON.stringify(path.join(repo, 'src/core/sandbox/sandboxServices'))});
      createSandboxServices(process.argv[1], 'test').manager.create('bubblewrap', { name: 'orphan', purpose: 'ephemeral' })
        .then(() => process.kill(process.pid, 'SIGKILL'));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, stateDir], { cwd: repo, encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const { manager } = createSandboxServices(stateDir, 'test');
    await manager.create('bubblewrap', { name: 'mine', purpose: 'user' });
    const orphan = (await manager.list()).find((r) => r.name === 'orphan');
    assert.ok(orphan && fs.existsSync(orphan.handle), 'the killed process left its sandbox behind');
    assert.deepEqual(await manager.prune(), ['orphan']);
    assert.equal(fs.existsSync(orphan.handle), false);
    assert.deepEqual((await manager.list()).map((r) => r.name), ['mine']);
  });
});
