import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Engine, EngineKind, SandboxRecord } from '../../../src/core/sandbox/engine';
import { deadOwner, FakeEngine } from '../../../src/core/sandbox/fake';
import { SandboxManager, type SandboxManagerOptions } from '../../../src/core/sandbox/manager';
import { currentOwner } from '../../../src/core/sandbox/owner';
import { AuditLog } from '../../../src/core/state/auditLog';
import { SandboxStore } from '../../../src/core/state/sandboxStore';

describe('SandboxManager over the FakeEngine', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-manager-unit-'))));
  afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  /** A manager over `engines` keeping its state in this test's state dir (a second call: "after a restart"). */
  function managerOf(engines: Partial<Record<EngineKind, Engine>>, options: Partial<SandboxManagerOptions> = {}) {
    const audit = new AuditLog(path.join(stateDir, 'audit.jsonl'));
    const warnings: string[] = [];
    const manager = new SandboxManager({ engines, store: new SandboxStore(stateDir), audit, actor: 'test', onWarning: (m) => warnings.push(m), ...options });
    return { manager, audit, warnings };
  }

  const operations = (audit: AuditLog, sandbox?: string) => audit.read({ sandbox }).map((e) => `${e.sandbox} ${e.operation}:${e.result}`);

  describe('create, list, remove', () => {
    it('creates through the engine, lists, and removes (engine and state)', async () => {
      const engine = new FakeEngine();
      const { manager, audit } = managerOf({ bubblewrap: engine });
      const record = await manager.create('bubblewrap', { name: 'one', purpose: 'user', limits: { pids: 32 }, labels: { role: 'x' } });
      assert.deepEqual(engine.callsOf('create').map((c) => c.detail?.spec), [{ name: 'one', purpose: 'user', limits: { pids: 32 }, labels: { role: 'x' } }]);
      assert.deepEqual(await manager.list(), [record]);
      assert.deepEqual(await manager.get('one'), record);
      await manager.remove(['one']);
      assert.deepEqual(await manager.list(), []);
      assert.equal(engine.has('one'), false);
      assert.deepEqual(operations(audit), ['one create:ok', 'one destroy:ok']);
    });

    it('makes up a name when none is given, and refuses an invalid one before the engine sees it', async () => {
      const engine = new FakeEngine();
      const { manager } = managerOf({ bubblewrap: engine });
      const record = await manager.create('bubblewrap', {});
      assert.match(record.name, /^sp-[0-9a-f]{6}$/);
      await assert.rejects(manager.create('bubblewrap', { name: 'Not Valid' }), /not a valid sandbox name/);
      assert.equal(engine.callsOf('create').length, 1);
    });

    it('says so when the engine is not in this process, and explains unknown names', async () => {
      const { manager, audit } = managerOf({ bubblewrap: new FakeEngine() });
      await assert.rejects(manager.create('docker', { name: 'nodocker' }), /the docker engine is not available in this process/);
      assert.deepEqual(operations(audit), ['nodocker create:error']);
      await assert.rejects(manager.exec('nope', ['true']), /no sandbox named "nope".*snakepit sandbox ls/);
      await assert.rejects(manager.remove(['nope']), /no sandbox named "nope"/);
    });

    it('keeps nothing when the engine fails to create', async () => {
      const engine = new FakeEngine().failNext('create', 'image missing');
      const { manager, audit } = managerOf({ bubblewrap: engine });
      await assert.rejects(manager.create('bubblewrap', { name: 'broken' }), /image missing/);
      assert.deepEqual(await manager.list(), []);
      assert.equal(engine.has('broken'), false);
      const [entry] = audit.read();
      assert.deepEqual([entry.operation, entry.result, entry.error], ['create', 'error', 'image missing']);
    });

    it('forgets a sandbox that is already gone from its engine, and keeps one whose destroy fails', async () => {
      const engine = new FakeEngine();
      const { manager, audit } = managerOf({ bubblewrap: engine });
      await manager.create('bubblewrap', { name: 'gone' });
      await manager.create('bubblewrap', { name: 'stuck' });
      engine.vanish('gone');
      await manager.remove(['gone']);
      engine.failNext('destroy', 'device busy');
      await assert.rejects(manager.remove(['stuck']), /device busy/);
      assert.deepEqual((await manager.list()).map((r) => r.name), ['stuck']);
      assert.deepEqual(operations(audit).slice(-2), ['gone destroy:ok', 'stuck destroy:error']);
    });
  });

  describe('duplicate names', () => {
    it('refuses a taken name without asking the engine, and leaves the first alone', async () => {
      const engine = new FakeEngine();
      const { manager, audit } = managerOf({ bubblewrap: engine });
      const first = await manager.create('bubblewrap', { name: 'dup' });
      await assert.rejects(manager.create('bubblewrap', { name: 'dup' }), /a sandbox named "dup" already exists.*choose another name/);
      assert.equal(engine.callsOf('create').length, 1);
      assert.deepEqual(await manager.list(), [first]);
      assert.deepEqual(operations(audit), ['dup create:ok', 'dup create:error']);
    });

    it('lets only one of two concurrent creates of a name win; nothing of the loser is left', async () => {
      const engine = new FakeEngine();
      const { manager } = managerOf({ bubblewrap: engine });
      const results = await Promise.allSettled([manager.create('bubblewrap', { name: 'race' }), manager.create('bubblewrap', { name: 'race' })]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      assert.match(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason), /already exists/);
      assert.deepEqual((await manager.list()).map((r) => r.name), ['race']);
      assert.deepEqual((await engine.listOwned()).map((r) => r.sandbox), ['race']);
    });

    it('destroys what it just made when another process recorded the name while the engine worked', async () => {
      const engine = new FakeEngine();
      const { manager } = managerOf({ bubblewrap: engine });
      const hang = engine.hangNext('create');
      const creating = manager.create('bubblewrap', { name: 'late' });
      await hang.reached;
      const theirs: SandboxRecord = { ...(await new FakeEngine({ kind: 'venv' }).create({ name: 'late' })), handle: 'their-handle' };
      new SandboxStore(stateDir).save([theirs]);
      hang.release();
      await assert.rejects(creating, /already exists/);
      assert.equal(engine.has('late'), false, 'the sandbox made for the losing create is destroyed');
      assert.deepEqual((await manager.list()).map((r) => [r.name, r.handle]), [['late', 'their-handle']]);
    });
  });

  describe('persistence and recovery', () => {
    it('keeps sandboxes and snapshots across a new manager on the same state dir', async () => {
      const engine = new FakeEngine();
      const first = managerOf({ bubblewrap: engine });
      await first.manager.create('bubblewrap', { name: 'keep', purpose: 'user' });
      const snapshot = await first.manager.snapshot('keep', 'first');
      const saved = JSON.parse(fs.readFileSync(path.join(stateDir, 'sandboxes.json'), 'utf8')) as { version: number; sandboxes: SandboxRecord[] };
      assert.equal(saved.version, 1);

      const restarted = managerOf({ bubblewrap: engine });
      const [record] = await restarted.manager.list();
      assert.deepEqual(record, saved.sandboxes[0]);
      assert.deepEqual(record.snapshots, [snapshot]);
      engine.onExec(['echo'], (argv) => ({ stdout: `${argv.slice(1).join(' ')}\n` }));
      assert.equal((await restarted.manager.exec('keep', ['echo', 'alive'])).stdout, 'alive\n');
      assert.deepEqual(operations(restarted.audit), ['keep create:ok', 'keep snapshot:ok', 'keep exec:ok']);
      assert.deepEqual(restarted.warnings, []);
    });

    it('rebuilds a corrupt state file from what the engines own, keeping the corrupt file as a backup', async () => {
      const docker = new FakeEngine({ kind: 'docker', scope: 'abc' });
      const bubblewrap = new FakeEngine({ kind: 'bubblewrap' });
      const before = managerOf({ docker, bubblewrap });
      const boxed = await before.manager.create('docker', { name: 'boxed', purpose: 'user', image: 'img:1', network: 'bridge' });
      const snapshots = [await before.manager.snapshot('boxed', 'one'), await before.manager.snapshot('boxed', 'two')];
      const plain = await before.manager.create('bubblewrap', { name: 'plain', purpose: 'ephemeral' });
      fs.writeFileSync(path.join(stateDir, 'sandboxes.json'), '{"version": 1, "sandboxes": [');

      const after = managerOf({ docker, bubblewrap });
      const records = await after.manager.list();
      assert.match(after.warnings.join('\n'), /the sandbox state file was corrupt .*kept as .*sandboxes\.json\.corrupt-.* 2 sandbox\(es\) were recovered/);
      assert.ok(fs.readdirSync(stateDir).some((f) => f.startsWith('sandboxes.json.corrupt-')));
      const byName = new Map(records.map((r) => [r.name, r]));
      const recovered = byName.get('boxed')!;
      assert.deepEqual(
        [recovered.engine, recovered.image, recovered.purpose, recovered.network, recovered.handle, recovered.workDir, recovered.createdAt, recovered.owner, recovered.scope],
        ['docker', 'img:1', 'user', 'bridge', boxed.handle, '/work', boxed.createdAt, boxed.owner, 'abc'],
      );
      assert.deepEqual(recovered.snapshots, snapshots, 'docker keeps snapshots as labelled volumes: they come back in order');
      assert.deepEqual([byName.get('plain')?.engine, byName.get('plain')?.handle, byName.get('plain')?.purpose], ['bubblewrap', plain.handle, 'ephemeral']);
      // Recovered records work: the engines find their sandboxes by handle.
      assert.equal((await after.manager.exec('boxed', ['true'])).exitCode, 0);
      await after.manager.rollback('boxed', 'one');
      // The rebuilt state is saved: the next manager sees no corruption.
      const again = managerOf({ docker, bubblewrap });
      assert.equal((await again.manager.list()).length, 2);
      assert.deepEqual(again.warnings, []);
    });

    it('recovers nothing from an engine that is not available (and says how many it did recover)', async () => {
      const docker = new FakeEngine({ kind: 'docker' });
      const bubblewrap = new FakeEngine({ kind: 'bubblewrap' });
      const before = managerOf({ docker, bubblewrap });
      await before.manager.create('docker', { name: 'a' });
      await before.manager.create('bubblewrap', { name: 'b' });
      fs.writeFileSync(path.join(stateDir, 'sandboxes.json'), 'not json at all');
      docker.availability = { ok: false, reason: 'the daemon is down' };
      const after = managerOf({ docker, bubblewrap });
      assert.deepEqual((await after.manager.list()).map((r) => r.name), ['b']);
      assert.match(after.warnings.join('\n'), /1 sandbox\(es\) were recovered/);
      assert.equal(docker.callsOf('listOwned').length, 0);
    });
  });

  describe('prune', () => {
    it('reaps sandboxes made for a run whose owner is dead, and orphans no record knows; leaves user sandboxes and live owners alone', async () => {
      const engine = new FakeEngine({ kind: 'docker' });
      const { manager, audit } = managerOf({ docker: engine });
      engine.owner = deadOwner();
      for (const [name, purpose] of [['eph-dead', 'ephemeral'], ['gate-dead', 'gate'], ['dbg-dead', 'debug'], ['user-dead', 'user']] as const) {
        await manager.create('docker', { name, purpose });
      }
      await engine.create({ name: 'orphan-dead', purpose: 'gate' });
      await engine.create({ name: 'orphan-user', purpose: 'user' });
      engine.owner = { ...deadOwner(), hostname: `not-${os.hostname()}` };
      await manager.create('docker', { name: 'eph-elsewhere', purpose: 'ephemeral' });
      engine.owner = currentOwner();
      await manager.create('docker', { name: 'eph-alive', purpose: 'ephemeral' });
      await engine.create({ name: 'orphan-alive', purpose: 'ephemeral' });

      const removed = await manager.prune();
      assert.deepEqual([...removed].sort(), ['dbg-dead', 'eph-dead', 'gate-dead', 'orphan-dead']);
      assert.deepEqual((await manager.list()).map((r) => r.name), ['eph-alive', 'eph-elsewhere', 'user-dead']);
      assert.deepEqual((await engine.listOwned()).map((r) => r.sandbox).sort(), ['eph-alive', 'eph-elsewhere', 'orphan-alive', 'orphan-user', 'user-dead']);
      const reaps = audit.read().filter((e) => e.operation === 'reap');
      assert.deepEqual(reaps.map((e) => `${e.sandbox}:${e.result}`).sort(), ['dbg-dead:ok', 'eph-dead:ok', 'gate-dead:ok', 'orphan-dead:ok']);
      assert.deepEqual(reaps.find((e) => e.sandbox === 'orphan-dead')?.args, { orphan: 'container', id: engine.callsOf('removeOwned')[0].detail?.id });
      assert.equal((reaps.find((e) => e.sandbox === 'eph-dead')?.args.owner as { pid: number }).pid, deadOwner().pid);
      assert.deepEqual(await manager.prune(), [], 'nothing left to reap');
    });

    it('reaps an orphaned snapshot of a sandbox no record knows', async () => {
      const engine = new FakeEngine({ kind: 'docker' });
      const { manager } = managerOf({ docker: engine });
      engine.owner = deadOwner();
      const lost = await engine.create({ name: 'lost', purpose: 'ephemeral' });
      await engine.snapshot(lost, 'left behind');
      assert.deepEqual(await manager.prune(), ['lost']);
      assert.deepEqual(await engine.listOwned(), []);
    });

    it('logs a failed reap as an error; the next prune finishes the job', async () => {
      const engine = new FakeEngine();
      const { manager, audit } = managerOf({ bubblewrap: engine });
      engine.owner = deadOwner();
      await manager.create('bubblewrap', { name: 'a-dead', purpose: 'gate' });
      await manager.create('bubblewrap', { name: 'b-dead', purpose: 'gate' });
      engine.failNext('destroy', 'busy', { sandbox: 'b-dead' });
      await assert.rejects(manager.prune(), /busy/);
      assert.deepEqual(audit.read().filter((e) => e.operation === 'reap').map((e) => `${e.sandbox}:${e.result}`), ['a-dead:ok', 'b-dead:error']);
      assert.deepEqual([...(await manager.prune())].sort(), ['a-dead', 'b-dead']);
      assert.deepEqual(await manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
    });
  });

  describe('snapshots', () => {
    it('keeps only the last keepSnapshots snapshots, deleting the older ones from the engine', async () => {
      const engine = new FakeEngine();
      const { manager } = managerOf({ bubblewrap: engine }, { keepSnapshots: 2 });
      await manager.create('bubblewrap', { name: 'retain' });
      const [a, b, c] = [await manager.snapshot('retain', 'a'), await manager.snapshot('retain', 'b'), await manager.snapshot('retain', 'c')];
      assert.deepEqual((await manager.get('retain')).snapshots, [b, c]);
      assert.deepEqual(engine.callsOf('deleteSnapshot').map((call) => (call.detail?.snapshot as { id: string }).id), [a.id]);
      assert.deepEqual([...engine.sandbox('retain')!.snapshots.keys()], [b.id, c.id]);
    });

    it('keeps every snapshot with keepSnapshots 0, labelling unlabelled ones by number', async () => {
      const engine = new FakeEngine();
      const { manager } = managerOf({ bubblewrap: engine }, { keepSnapshots: 0 });
      await manager.create('bubblewrap', { name: 'all' });
      for (let i = 0; i < 4; i++) await manager.snapshot('all');
      assert.deepEqual((await manager.get('all')).snapshots.map((s) => s.label), ['snapshot 1', 'snapshot 2', 'snapshot 3', 'snapshot 4']);
      assert.equal(engine.callsOf('deleteSnapshot').length, 0);
    });

    it('rolls back to a snapshot by label, by id, or the latest; says when there is none', async () => {
      const engine = new FakeEngine();
      const { manager } = managerOf({ bubblewrap: engine });
      await manager.create('bubblewrap', { name: 'box' });
      await assert.rejects(manager.rollback('box'), /sandbox "box" has no snapshots.*snakepit sandbox snapshot box/);
      const files = engine.files('box');
      files.write('v.txt', '1');
      const one = await manager.snapshot('box', 'one');
      files.write('v.txt', '2');
      await manager.snapshot('box', 'two');
      files.write('v.txt', '3');
      assert.equal((await manager.rollback('box')).label, 'two');
      assert.equal(engine.files('box').readText('v.txt'), '2');
      await manager.rollback('box', 'one');
      assert.equal(engine.files('box').readText('v.txt'), '1');
      files.write('v.txt', '4');
      await manager.rollback('box', one.id);
      assert.equal(engine.files('box').readText('v.txt'), '1');
      await assert.rejects(manager.rollback('box', 'zzz'), /has no snapshot "zzz"/);
    });

    it('records nothing when the engine fails to snapshot', async () => {
      const engine = new FakeEngine();
      const { manager } = managerOf({ bubblewrap: engine });
      await manager.create('bubblewrap', { name: 'box' });
      engine.failNext('snapshot', 'disk full');
      await assert.rejects(manager.snapshot('box', 'x'), /disk full/);
      assert.deepEqual((await manager.get('box')).snapshots, []);
    });
  });

  describe('audit log', () => {
    it('has an entry for every operation, successful or not, with actor, arguments, result, error and duration', async () => {
      const engine = new FakeEngine({ kind: 'docker' });
      const { manager, audit } = managerOf({ docker: engine });
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-audit-'));
      try {
        fs.writeFileSync(path.join(scratch, 'in.txt'), 'in');
        await manager.create('docker', { name: 'box', image: 'img:1', limits: { pids: 8 }, network: 'none', purpose: 'user' });
        engine.failNext('create', 'no image');
        await assert.rejects(manager.create('docker', { name: 'other' }));
        await manager.exec('box', ['echo', 'hi'], { cwd: '/tmp', timeoutMs: 1000 });
        engine.failNext('exec', 'connection lost');
        await assert.rejects(manager.exec('box', ['echo', 'again']));
        await manager.copyIn('box', path.join(scratch, 'in.txt'), '/work/in.txt');
        engine.failNext('copyIn', 'refused');
        await assert.rejects(manager.copyIn('box', path.join(scratch, 'in.txt'), '/work/in2.txt'));
        await manager.copyOut('box', '/work/in.txt', path.join(scratch, 'out.txt'));
        await assert.rejects(manager.copyOut('box', '/work/missing.txt', path.join(scratch, 'out2.txt')));
        await manager.stop('box');
        engine.failNext('stop', 'stuck');
        await assert.rejects(manager.stop('box'));
        await manager.start('box');
        engine.failNext('start', 'no');
        await assert.rejects(manager.start('box'));
        await manager.snapshot('box', 'clean');
        engine.failNext('snapshot', 'full');
        await assert.rejects(manager.snapshot('box', 'x'));
        await manager.rollback('box', 'clean');
        await assert.rejects(manager.rollback('box', 'nope'));
        engine.failNext('destroy', 'busy');
        await assert.rejects(manager.remove(['box']));
        await manager.remove(['box']);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
      const entries = audit.read();
      assert.deepEqual(
        entries.map((e) => `${e.sandbox} ${e.operation}:${e.result}`),
        [
          'box create:ok',
          'other create:error',
          'box exec:ok',
          'box exec:error',
          'box copyIn:ok',
          'box copyIn:error',
          'box copyOut:ok',
          'box copyOut:error',
          'box stop:ok',
          'box stop:error',
          'box start:ok',
          'box start:error',
          'box snapshot:ok',
          'box snapshot:error',
          'box rollback:ok',
          'box rollback:error',
          'box destroy:error',
          'box destroy:ok',
        ],
      );
      assert.ok(entries.every((e) => e.actor === 'test' && Number.isFinite(e.durationMs) && e.durationMs >= 0 && !Number.isNaN(Date.parse(e.time))));
      assert.ok(entries.every((e) => (e.result === 'error') === (e.error !== undefined)), 'errors, and only errors, carry a message');
      assert.deepEqual(entries[0].args, { engine: 'docker', image: 'img:1', limits: { pids: 8 }, network: 'none', purpose: 'user' });
      assert.deepEqual(entries[2].args, { argv: ['echo', 'hi'], cwd: '/tmp', timeoutMs: 1000 });
      assert.equal(entries[3].error, 'connection lost');
      assert.match(entries[15].error ?? '', /has no snapshot "nope"/);
      assert.equal(entries[16].error, 'busy');
    });
  });

  describe('health', () => {
    it("passes the engine's inspection on, and reports an engine that fails or is missing as unhealthy", async () => {
      const engine = new FakeEngine({ kind: 'docker' });
      const { manager } = managerOf({ docker: engine });
      const record = await manager.create('docker', { name: 'box' });
      assert.deepEqual(await manager.health(record), { state: 'running' });
      engine.crash('box', 'killed: out of memory (limit 64 MiB)', { oomKilled: true });
      assert.deepEqual(await manager.health(record), { state: 'dead', reason: 'killed: out of memory (limit 64 MiB)', oomKilled: true });
      engine.failNext('inspect', 'daemon not answering');
      assert.deepEqual(await manager.health(record), { state: 'unhealthy', reason: 'daemon not answering' });
      assert.deepEqual(await manager.health({ ...record, engine: 'venv' }), { state: 'unhealthy', reason: 'the venv engine is not available in this process' });
      engine.vanish('box');
      assert.equal((await manager.health(record)).state, 'missing');
    });
  });
});
