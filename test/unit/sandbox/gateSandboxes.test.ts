import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GATE_LIMITS, GATE_RUNTIME_SETTING, GateSandboxes } from '../../../src/core/packages/gate/gateSandboxes';
import type { ValidateRequest } from '../../../src/core/packages/gate/request';
import { validatePackages } from '../../../src/core/packages/gate/validatePackages';
import type { Engine, EngineKind } from '../../../src/core/sandbox/engine';
import { FakeEngine } from '../../../src/core/sandbox/fake';
import { SandboxManager } from '../../../src/core/sandbox/manager';
import type { SandboxServices } from '../../../src/core/sandbox/sandboxServices';
import { AuditLog } from '../../../src/core/state/auditLog';
import { SandboxStore } from '../../../src/core/state/sandboxStore';

describe("the gate's sandbox orchestration over the FakeEngine", function () {
  this.timeout(60_000);
  let stateDir: string;
  beforeEach(() => (stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-gate-unit-'))));
  afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  function servicesOf(engine: FakeEngine): SandboxServices {
    const engines: Partial<Record<EngineKind, Engine>> = { [engine.kind]: engine };
    const audit = new AuditLog(path.join(stateDir, 'audit.jsonl'));
    return { engines, audit, manager: new SandboxManager({ engines, store: new SandboxStore(stateDir), audit, actor: 'gate' }) };
  }

  function gateSandboxes(engine: FakeEngine, signal?: AbortSignal, image?: string) {
    const services = servicesOf(engine);
    return { ...services, sandboxes: new GateSandboxes(services.manager, engine, services.audit, image, signal) };
  }

  const mounts = [{ hostPath: '/host/probe', sandboxPath: '/opt/probe', readOnly: true }];

  describe('GateSandboxes', () => {
    it('creates gate sandboxes through the manager: named by role, limited, labelled, with the network asked for', async () => {
      const engine = new FakeEngine({ isolated: true });
      const { sandboxes, manager } = gateSandboxes(engine, undefined, '/usr/bin/python3');
      const ingest = await sandboxes.create('ingest', { network: 'bridge', mounts });
      const test = await sandboxes.create('test', { network: 'none', mounts: [] });
      assert.match(ingest.record.name, /^gate-ingest-[0-9a-f]{6}$/);
      assert.match(test.record.name, /^gate-test-[0-9a-f]{6}$/);
      assert.deepEqual((await manager.list()).map((r) => r.name).sort(), [ingest.record.name, test.record.name].sort());
      const [spec] = engine.callsOf('create', ingest.record.name).map((c) => c.detail?.spec);
      assert.deepEqual(spec, { name: ingest.record.name, image: '/usr/bin/python3', limits: GATE_LIMITS, network: 'bridge', purpose: 'gate', mounts, labels: { 'snakepit.gate.role': 'ingest' }, runtime: 'auto', runtimeSetting: GATE_RUNTIME_SETTING });
      assert.equal(test.record.network, 'none');
      assert.equal(ingest.python, '/work/.venv/bin/python');
      assert.equal(engine.callsOf('exec').length, 0, 'a directory engine makes its venv itself: no command');
      await sandboxes.removeAll();
    });

    it('runs commands in the work dir under the validation signal, and audits them as the gate', async () => {
      const engine = new FakeEngine({ isolated: true }).onExec(['pip'], { stdout: 'ok\n' });
      const controller = new AbortController();
      const { sandboxes, audit } = gateSandboxes(engine, controller.signal);
      const sandbox = await sandboxes.create('ingest', { network: 'none', mounts: [] });
      const result = await sandbox.exec(['pip', 'download', 'x'], { timeoutMs: 1000 });
      assert.equal(result.stdout, 'ok\n');
      assert.deepEqual(engine.callsOf('exec')[0].detail?.options, { cwd: '/work', timeoutMs: 1000 });
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-gate-copy-'));
      try {
        fs.writeFileSync(path.join(scratch, 'req.txt'), 'x\n');
        await sandbox.copyIn(path.join(scratch, 'req.txt'), '/work/req.txt');
        await sandbox.copyOut('/work/req.txt', path.join(scratch, 'back.txt'));
        assert.equal(fs.readFileSync(path.join(scratch, 'back.txt'), 'utf8'), 'x\n');
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
      const entries = audit.read({ sandbox: sandbox.record.name });
      assert.deepEqual(entries.map((e) => `${e.actor} ${e.operation}:${e.result}`), ['gate create:ok', 'gate exec:ok', 'gate copyIn:ok', 'gate copyOut:ok']);
      assert.deepEqual(entries[1].args, { argv: ['pip', 'download', 'x'], timeoutMs: 1000 });
      await sandboxes.removeAll();
    });

    it('docker: makes a venv in the sandbox; if that fails, creation fails and removeAll still removes the sandbox', async () => {
      const engine = new FakeEngine({ kind: 'docker', isolated: true });
      const { sandboxes, manager } = gateSandboxes(engine, undefined, 'snakepit/python:bookworm');
      const good = await sandboxes.create('ingest', { network: 'none', mounts: [] });
      assert.deepEqual(engine.callsOf('exec', good.record.name)[0].argv, ['python3', '-m', 'venv', '--without-pip', '--system-site-packages', '/work/.venv']);
      engine.onExec(['python3', '-m', 'venv'], { exitCode: 1, stderr: 'No module named venv\n' });
      await assert.rejects(sandboxes.create('test', { network: 'none', mounts: [] }), /could not create a venv in the gate sandbox \(exit 1\): No module named venv; the image needs python3 with the venv module/);
      assert.equal((await manager.list()).length, 2, 'the half-made sandbox is still there until removeAll');
      assert.deepEqual(await sandboxes.removeAll(), []);
      assert.deepEqual(await manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
    });

    it('removes one sandbox once (remove is idempotent), and removeAll the rest', async () => {
      const engine = new FakeEngine({ isolated: true });
      const { sandboxes, manager, audit } = gateSandboxes(engine);
      const a = await sandboxes.create('ingest', { network: 'none', mounts: [] });
      const b = await sandboxes.create('test', { network: 'none', mounts: [] });
      await sandboxes.remove(a);
      await sandboxes.remove(a);
      assert.equal(engine.callsOf('destroy', a.record.name).length, 1);
      assert.deepEqual((await manager.list()).map((r) => r.name), [b.record.name]);
      assert.deepEqual(await sandboxes.removeAll(), []);
      assert.deepEqual(await sandboxes.removeAll(), [], 'a second removeAll has nothing to do');
      assert.equal(engine.callsOf('destroy', b.record.name).length, 1);
      assert.deepEqual(await engine.listOwned(), []);
      assert.deepEqual(audit.read().filter((e) => e.operation === 'destroy').map((e) => `${e.sandbox}:${e.result}`), [`${a.record.name}:ok`, `${b.record.name}:ok`]);
    });

    it('removeAll never throws: a failed destroy is reported, the other sandboxes still go', async () => {
      const engine = new FakeEngine({ isolated: true });
      const { sandboxes, manager } = gateSandboxes(engine);
      const a = await sandboxes.create('ingest', { network: 'none', mounts: [] });
      const b = await sandboxes.create('test', { network: 'none', mounts: [] });
      engine.failNext('destroy', 'device busy', { sandbox: a.record.name });
      const problems = await sandboxes.removeAll();
      assert.deepEqual(problems, [`could not remove sandbox ${a.record.name}: device busy`]);
      assert.deepEqual((await manager.list()).map((r) => r.name), [a.record.name], 'the stuck one stays known, for prune');
      assert.equal(engine.has(b.record.name), false);
    });

    it('a creation that fails leaves nothing, and removeAll has nothing to complain about', async () => {
      const engine = new FakeEngine({ isolated: true }).failNext('create', 'no space left on device');
      const { sandboxes, manager } = gateSandboxes(engine);
      await assert.rejects(sandboxes.create('ingest', { network: 'none', mounts: [] }), /no space left/);
      assert.deepEqual(await sandboxes.removeAll(), []);
      assert.deepEqual(await manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
    });

    it('creates one sandbox at a time', async () => {
      const engine = new FakeEngine({ isolated: true });
      const { sandboxes } = gateSandboxes(engine);
      const hang = engine.hangNext('create');
      const first = sandboxes.create('ingest', { network: 'none', mounts: [] });
      const second = sandboxes.create('test', { network: 'none', mounts: [] });
      await hang.reached;
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(engine.callsOf('create').length, 1, 'the second waits for the first');
      hang.release();
      await Promise.all([first, second]);
      assert.equal(engine.callsOf('create').length, 2);
      await sandboxes.removeAll();
    });

    it('cancel: nothing is created once the signal is aborted', async () => {
      const engine = new FakeEngine({ isolated: true });
      const controller = new AbortController();
      controller.abort();
      const { sandboxes } = gateSandboxes(engine, controller.signal);
      await assert.rejects(sandboxes.create('ingest', { network: 'none', mounts: [] }), (error: Error) => error.name === 'AbortError');
      assert.equal(engine.callsOf('create').length, 0);
      assert.deepEqual(await sandboxes.removeAll(), []);
    });

    it('cancel: a running command is cancelled, and removeAll waits for a creation in flight and removes what it made', async () => {
      const engine = new FakeEngine({ isolated: true }).onExec(['pip'], 'hang');
      const controller = new AbortController();
      const { sandboxes, manager } = gateSandboxes(engine, controller.signal);
      const ingest = await sandboxes.create('ingest', { network: 'none', mounts: [] });
      const hang = engine.hangNext('create');
      const creating = sandboxes.create('test', { network: 'none', mounts: [] });
      creating.catch(() => undefined);
      await hang.reached;
      const download = ingest.exec(['pip', 'download', 'x']);
      setTimeout(() => controller.abort(), 20);
      const result = await download;
      assert.deepEqual([result.cancelled, result.exitCode], [true, null]);

      let cleaned = false;
      const removing = sandboxes.removeAll().then((problems) => ((cleaned = true), problems));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(cleaned, false, 'removeAll waits for the creation in flight');
      hang.release();
      assert.deepEqual(await removing, []);
      assert.deepEqual(await manager.list(), []);
      assert.deepEqual(await engine.listOwned(), [], 'the sandbox that appeared after the cancel is gone too');
    });
  });

  describe('validatePackages', () => {
    const request = (specs: string[]): ValidateRequest => ({ specs, requirementFiles: [], engine: 'bubblewrap', install: false, pinHashes: false, noCache: true, noIndex: true, findLinks: [stateDir] });
    const dirs = () => ({ cacheDir: path.join(stateDir, 'cache'), stateDir });
    const pipDownload = (argv: readonly string[]) => argv.includes('pip') && argv.includes('download');

    it('removes every sandbox it made when the download fails', async () => {
      const engine = new FakeEngine({ isolated: true }).onExec(pipDownload, { exitCode: 1, stderr: 'ERROR: No matching distribution found for nosuchpkg\n' });
      const services = servicesOf(engine);
      const phases: string[] = [];
      const report = await validatePackages(request(['nosuchpkg==1.0']), { onProgress: (p) => phases.push(`${p.phase}: ${p.message}`) }, dirs(), services);
      assert.equal(report.verdict, 'fail');
      assert.match(JSON.stringify(report.packages[0].reasons), /No matching distribution found for nosuchpkg/);
      const created = engine.callsOf('create').map((c) => c.sandbox);
      assert.deepEqual(created.map((name) => name?.replace(/-[0-9a-f]{6}$/, '')).sort(), ['gate-ingest', 'gate-test']);
      assert.deepEqual(await services.manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
      assert.ok(created.every((name) => engine.callsOf('destroy', name).length === 1), 'each is destroyed once');
      assert.ok(phases.some((p) => /^destroy: sandboxes and temporary files removed/.test(p)), phases.join('\n'));
    });

    it('blames a failing dependency on the requirement that pulls it in, found by trying each alone; never on the others', async () => {
      const requirementsFile = (argv: readonly string[]) => path.basename(argv[argv.indexOf('-r') + 1] ?? '');
      const downloads: string[] = [];
      const engine = new FakeEngine({ isolated: true }).onExec(pipDownload, (argv, { files }) => {
        const file = requirementsFile(argv);
        files.mkdir(argv[argv.indexOf('--dest') + 1]);
        downloads.push(file);
        // The joint run fails on a dependency pip names (neither requirement); alone, only the first fails.
        if (file === 'requirements-1.txt') return { exitCode: 1, stderr: 'ERROR: No matching distribution found for missing-dep>=99\n' };
        if (file === 'alone-1-0.txt') return { exitCode: 1, stderr: 'ERROR: Could not find a version that satisfies the requirement missing-dep>=99 (from pulls-it-in)\nERROR: No matching distribution found for missing-dep>=99\n' };
        return { exitCode: 0 };
      });
      const phases: string[] = [];
      const report = await validatePackages(request(['pulls-it-in==1.0', 'innocent==1.0']), { onProgress: (p) => phases.push(`${p.package ?? ''}: ${p.message}`) }, dirs(), servicesOf(engine));
      assert.deepEqual(downloads, ['requirements-1.txt', 'alone-1-0.txt', 'alone-1-1.txt', 'requirements-2.txt']);
      assert.deepEqual(report.packages.map((p) => [p.name, p.verdict, p.reasons.map((r) => r.code).join()]), [['pulls-it-in', 'fail', 'SPK412']]);
      assert.match(report.packages[0].reasons[0].message, /from pulls-it-in/, 'judged on its own pip error');
      assert.ok(phases.some((p) => /^pulls-it-in: pip failed on pulls-it-in: judged on its own, the others are downloaded again without it/.test(p)), phases.join('\n'));
      assert.ok(!phases.some((p) => /pip failed on innocent/.test(p)), phases.join('\n'));
    });

    it('removes every sandbox it made when cancelled while pip runs', async () => {
      const controller = new AbortController();
      const engine = new FakeEngine({ isolated: true }).onExec(pipDownload, () => {
        setTimeout(() => controller.abort(), 20);
        return 'hang';
      });
      const services = servicesOf(engine);
      await assert.rejects(validatePackages(request(['slowpkg==1.0']), { signal: controller.signal }, dirs(), services));
      const download = engine.callsOf('exec').find((c) => pipDownload(c.argv ?? []));
      assert.ok(download, 'pip was running when the validation was cancelled');
      assert.deepEqual(await services.manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
      assert.equal(engine.callsOf('create').length, 2);
    });

    it('removes the sandbox still being created when an earlier one fails', async () => {
      // The ingest sandbox cannot be made; the test sandbox queued behind it is made after the validation failed.
      const engine = new FakeEngine({ isolated: true }).failNext('create', 'out of disk space');
      const services = servicesOf(engine);
      await assert.rejects(validatePackages(request(['pkg==1.0']), {}, dirs(), services), /out of disk space/);
      assert.equal(engine.callsOf('create').length, 2);
      assert.match(engine.callsOf('create')[1].sandbox ?? '', /^gate-test-/);
      assert.deepEqual(await services.manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
    });
  });
});
