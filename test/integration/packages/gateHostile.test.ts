import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EngineKind } from '../../../src/core/sandbox/engine';
import { validatePackages } from '../../../src/core/packages/gate/validatePackages';
import type { GateProgress, ValidationReport } from '../../../src/core/packages/gate/report';
import { FIXTURES, type FixtureName } from '../../fixtures/packages/build';
import { gateDockerLeftovers, homeFingerprint, makeGateWorld, request, sandboxDirsLeft, type GateWorld } from './gateHelpers';

/** Every fixture, validated together in one call per engine: the slow part (sandboxes, pip) is paid once. */
const ALL: FixtureName[] = Object.keys(FIXTURES) as FixtureName[];

for (const engine of ['bubblewrap', 'docker'] as EngineKind[]) {
  describe(`package gate on ${engine}: benign and hostile fixtures (real pip, real sandbox)`, function () {
    this.timeout(300_000);
    let world: GateWorld;
    let report: ValidationReport;
    const progress: GateProgress[] = [];
    const sentinel = path.join(os.homedir(), `.snakepit-gate-sentinel-${process.pid}-${engine}`);
    let homeBefore: Record<string, string>;
    let tmp: string;

    before(async function () {
      world = await makeGateWorld(`snakepit-gate-hostile-${engine}-`);
      fs.writeFileSync(sentinel, `sentinel ${Date.now()}\n`);
      homeBefore = homeFingerprint(sentinel);
      const specs = ALL.map((f) => `${FIXTURES[f].name}==${FIXTURES[f].version}`);
      // A TMPDIR of its own while validating: what the gate leaves in it (nothing) is told apart from other processes'.
      tmp = path.join(world.root, 'tmp');
      fs.mkdirSync(tmp);
      const saved = process.env.TMPDIR;
      process.env.TMPDIR = tmp;
      try {
        report = await validatePackages(request(world, { specs, engine, noCache: true }), { onProgress: (p) => progress.push(p) }, world.dirs);
      } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
      }
    });

    after(() => {
      fs.rmSync(sentinel, { force: true });
      if (world) fs.rmSync(world.root, { recursive: true, force: true });
    });

    const pkg = (fixture: FixtureName) => {
      const found = report.packages.find((p) => p.name === FIXTURES[fixture].name);
      assert.ok(found, `${fixture} is in the report (${report.packages.map((p) => p.name).join(', ')})`);
      return found;
    };
    const codes = (fixture: FixtureName) => pkg(fixture).reasons.map((r) => r.code);

    it('reports every fixture, engine and overall verdict fail', () => {
      assert.equal(report.version, 1);
      assert.equal(report.engine, engine);
      assert.equal(report.verdict, 'fail');
      assert.equal(report.installed, false);
      assert.equal(report.packages.length, ALL.length);
      for (const p of report.packages) {
        assert.equal(p.cached, false);
        assert.ok(p.artifacts.length >= 1 && /^[0-9a-f]{64}$/.test(p.artifacts[0].sha256), `${p.name} has its artifacts`);
      }
    });

    it('passes the benign wheel and the benign sdist (built in the sandbox)', () => {
      for (const fixture of ['benign', 'benign-sdist'] as const) {
        assert.equal(pkg(fixture).verdict, 'pass', `${fixture}: ${JSON.stringify(pkg(fixture).reasons)}`);
      }
      assert.ok(pkg('benign-sdist').artifacts.some((a) => a.filename.endsWith('.whl')), 'the sdist was built into a wheel');
    });

    for (const fixture of ALL.filter((f) => FIXTURES[f].expectedBehaviorCodes.length > 0)) {
      it(`fails ${fixture} for the right reason (${FIXTURES[fixture].expectedBehaviorCodes.join(', ')})`, () => {
        assert.equal(pkg(fixture).verdict, 'fail');
        for (const code of FIXTURES[fixture].expectedBehaviorCodes) assert.ok(codes(fixture).includes(code), `${fixture}: expected ${code}, got ${codes(fixture).join(', ')}`);
      });
    }

    it('at least warns on the typosquat, naming the project it imitates', () => {
      const typo = pkg('typosquat');
      assert.notEqual(typo.verdict, 'pass');
      const reason = typo.reasons.find((r) => r.code === 'SPK001');
      assert.ok(reason && /requests/.test(reason.message), JSON.stringify(typo.reasons));
    });

    it('tells what each verdict rests on: dangerous, could not run here, or nothing found', () => {
      assert.equal(pkg('benign').finding, 'nothing-found');
      assert.equal(pkg('import-error').finding, 'could-not-run', JSON.stringify(pkg('import-error').reasons));
      assert.match(pkg('import-error').notRunBecause ?? '', /module it needs is missing|failed to build/);
      for (const fixture of ['net-at-import', 'setup-crashes', 'delayed-thread', 'atexit-payload', 'bait-exfil', 'entry-point-payload'] as const) {
        assert.equal(pkg(fixture).finding, 'dangerous', `${fixture}: ${JSON.stringify(pkg(fixture).reasons)}`);
      }
    });

    it('keeps and inspects the sdist whose setup.py crashed, with what it did before crashing', () => {
      const crashed = pkg('setup-crashes');
      assert.ok(crashed.artifacts.some((a) => a.filename.endsWith('.tar.gz')), JSON.stringify(crashed.artifacts));
      assert.ok(crashed.reasons.some((r) => r.code === 'SPK400' && /inspected statically/.test(r.message)), JSON.stringify(crashed.reasons));
      assert.ok(crashed.behavior.some((e) => e.phase === 'install' && /setup-crash\.invalid/.test(e.detail)), JSON.stringify(crashed.behavior));
    });

    it('waits for delayed payloads: a sleeping thread and an exit handler are seen acting, named as delayed', () => {
      assert.ok(pkg('delayed-thread').reasons.some((r) => r.code === 'SPK301' && /thread the import started/.test(r.message)), JSON.stringify(pkg('delayed-thread').reasons));
      assert.ok(pkg('atexit-payload').reasons.some((r) => r.code === 'SPK301' && /atexit handler/.test(r.message)), JSON.stringify(pkg('atexit-payload').reasons));
    });

    it('runs the console scripts a package declares: a payload only the command runs is seen; a benign CLI stays clean', () => {
      assert.ok(pkg('entry-point-payload').reasons.some((r) => r.code === 'SPK301' && /console scripts ran/.test(r.message)), JSON.stringify(pkg('entry-point-payload').reasons));
      assert.equal(pkg('benign').verdict, 'pass');
    });

    it('imports submodules too: a payload in a module nothing imports is seen, named by its module', () => {
      assert.ok(pkg('submodule-payload').reasons.some((r) => r.code === 'SPK301' && /spfx_sub\.hidden\.payload/.test(r.message)), JSON.stringify(pkg('submodule-payload').reasons));
    });

    it('catches planted fake credentials on their way out, with the evidence', () => {
      const stolen = pkg('bait-exfil').reasons.find((r) => r.code === 'SPK315');
      assert.ok(stolen?.fatal && /AKIASNAKEPITBAIT/i.test(stolen.evidence ?? ''), JSON.stringify(pkg('bait-exfil').reasons));
    });

    it('records behaviour with phases (build-time for the sdist, import-time for the wheels)', () => {
      assert.ok(pkg('setup-writes-home').behavior.some((e) => e.phase === 'install'));
      assert.ok(pkg('net-at-import').behavior.some((e) => e.phase === 'import' && /socket|getaddrinfo/.test(e.event)));
    });

    it('reported each phase live with elapsed times', () => {
      for (const phase of ['ingest', 'test', 'verdict', 'destroy']) assert.ok(progress.some((p) => p.phase === phase), `phase ${phase} reported`);
      assert.ok(progress.every((p, i) => i === 0 || p.elapsedMs >= progress[i - 1].elapsedMs));
    });

    it('left the host untouched and nothing behind', () => {
      assert.deepEqual(homeFingerprint(sentinel), homeBefore);
      assert.deepEqual(sandboxDirsLeft(world.dirs.stateDir), []);
      if (engine === 'docker') assert.deepEqual(gateDockerLeftovers(world.dirs.stateDir), []);
      assert.deepEqual(fs.readdirSync(tmp), []);
    });

    it('quarantined the failed packages and stored every verdict in the history', () => {
      const history = fs.readFileSync(path.join(world.dirs.stateDir, 'gate', 'history.jsonl'), 'utf8').trim().split('\n');
      assert.equal(history.length, ALL.length);
      const quarantine = fs.readdirSync(path.join(world.dirs.cacheDir, 'artifacts', 'quarantine'));
      const net = pkg('net-at-import').artifacts[0].sha256;
      assert.ok(quarantine.includes(`${net}.json`));
      assert.ok(!quarantine.includes(`${pkg('benign').artifacts[0].sha256}.json`));
    });

    // Last: it adds verdicts of its own to the history the test above counts.
    it('fails a harmless package for its hostile dependency, naming the chain that pulled it in', async function () {
      if (engine !== 'bubblewrap') this.skip(); // the chain is the gate's, not the engine's: one engine is enough
      const alone = await validatePackages(request(world, { specs: [`${FIXTURES['hostile-dependency'].name}==1.0.0`], engine, noCache: true }), {}, world.dirs);
      const parent = alone.packages.find((p) => p.name === FIXTURES['hostile-dependency'].name);
      const child = alone.packages.find((p) => p.name === FIXTURES['net-at-import'].name);
      assert.equal(alone.verdict, 'fail');
      assert.equal(parent?.verdict, 'pass', JSON.stringify(parent?.reasons));
      assert.equal(child?.verdict, 'fail', JSON.stringify(child?.reasons));
      assert.equal(child?.direct, false);
      assert.deepEqual(child?.pulledInBy, ['spfx-parent', 'spfx-net']);
    });
  });
}
