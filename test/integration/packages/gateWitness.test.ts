import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { EngineKind } from '../../../src/core/sandbox/engine';
import { validatePackages } from '../../../src/core/packages/gate/validatePackages';
import type { ValidationReport } from '../../../src/core/packages/gate/report';
import { FIXTURES, type FixtureName } from '../../fixtures/packages/build';
import { gateDockerLeftovers, makeGateWorld, request, sandboxDirsLeft, type GateWorld } from './gateHelpers';

/**
 * The second witness: the imports run under strace in the test sandbox, and what the trace saw that the audit hook
 * did not (ctypes calling the C library) fails the package (SPK317); the benign controls — find_library's
 * ldconfig/gcc at import, HOME and PATH read, a subprocess in a function nobody calls — pass.
 */
const WITNESSED: FixtureName[] = ['ctypes-system', 'ctypes-connect', 'benign-native', 'benign'];

function dockerHasRunsc(): boolean {
  try {
    return execFileSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8' }).includes('"runsc"');
  } catch {
    return false;
  }
}

const setups: Array<{ engine: EngineKind; runtime?: 'runc' | 'runsc' }> = [{ engine: 'bubblewrap' }, { engine: 'docker', runtime: 'runc' }];
if (dockerHasRunsc()) setups.push({ engine: 'docker', runtime: 'runsc' });

for (const { engine, runtime } of setups) {
  describe(`gate syscall witness on ${engine}${runtime ? ` (${runtime})` : ''}: strace against the audit hook`, function () {
    this.timeout(600_000);
    let world: GateWorld;
    let report: ValidationReport;

    before(async function () {
      world = await makeGateWorld(`snakepit-gate-witness-${engine}-`);
      const specs = WITNESSED.map((f) => `${FIXTURES[f].name}==${FIXTURES[f].version}`);
      report = await validatePackages(request(world, { specs, engine, noCache: true, ...(runtime ? { runtime } : {}), ...(engine === 'docker' && process.env.SNAKEPIT_TEST_IMAGE ? { image: process.env.SNAKEPIT_TEST_IMAGE } : {}) }), {}, world.dirs);
    });

    after(() => {
      if (world) fs.rmSync(world.root, { recursive: true, force: true });
    });

    const pkg = (fixture: FixtureName) => {
      const found = report.packages.find((p) => p.name === FIXTURES[fixture].name);
      assert.ok(found, `${fixture} is in the report`);
      return found;
    };
    const unseen = (fixture: FixtureName) => pkg(fixture).reasons.filter((r) => r.code === 'SPK317');

    it('ran the imports under the system-call trace, and says so', () => {
      assert.equal(report.syscallTrace, 'strace', `warnings: ${JSON.stringify(report.warnings)}`);
      if (runtime) assert.equal(report.runtime, runtime);
    });

    it('fails a shell started through ctypes (no audit event) with SPK317, naming the program', () => {
      assert.equal(pkg('ctypes-system').verdict, 'fail');
      const [reason] = unseen('ctypes-system');
      assert.ok(reason, JSON.stringify(pkg('ctypes-system').reasons));
      assert.equal(reason.fatal, true);
      assert.match(reason.message, /\/bin\/sh \(argv: sh -c id > \/dev\/null\)/);
      assert.ok(!pkg('ctypes-system').reasons.some((r) => r.code === 'SPK302'), 'the hook itself saw no process');
    });

    it('fails connections made through ctypes (to the sinkhole address of a *.invalid name, and to loopback) with SPK317', () => {
      assert.equal(pkg('ctypes-connect').verdict, 'fail');
      const [reason] = unseen('ctypes-connect');
      assert.ok(reason, JSON.stringify(pkg('ctypes-connect').reasons));
      assert.match(reason.message, /connect 198\.18\.0\.1:443/);
      assert.match(reason.message, /and 1 more like it/, 'the loopback connection too');
      const lookup = pkg('ctypes-connect').reasons.find((r) => r.code === 'SPK301');
      assert.match(lookup?.message ?? '', /collector\.invalid -> 198\.18\.0\.1 \(sinkhole\)/, 'the name was answered by the sinkhole, and recorded');
    });

    it('passes the benign controls: find_library at import, HOME and PATH read, a subprocess nobody calls', () => {
      for (const fixture of ['benign-native', 'benign'] as const) assert.equal(pkg(fixture).verdict, 'pass', `${fixture}: ${JSON.stringify(pkg(fixture).reasons)}`);
    });

    it('leaves no sandbox behind', () => {
      assert.deepEqual(sandboxDirsLeft(world.dirs.stateDir), []);
      if (engine === 'docker') assert.deepEqual(gateDockerLeftovers(world.dirs.stateDir), []);
    });
  });
}
