import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validatePackages } from '../../../src/core/packages/gate/validatePackages';
import type { GateProgress } from '../../../src/core/packages/gate/report';
import { FIXTURES } from '../../fixtures/packages/build';
import { treeListing } from '../sandbox/helpers';
import { makeGateWorld, request, sandboxDirsLeft, type GateWorld } from './gateHelpers';

const spec = (fixture: keyof typeof FIXTURES) => `${FIXTURES[fixture].name}==${FIXTURES[fixture].version}`;

function makeTarget(world: GateWorld, name: string): string {
  const dir = path.join(world.root, name);
  execFileSync('python3', ['-m', 'venv', dir]);
  return dir;
}

const freeze = (venv: string) => execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'freeze', '--all'], { encoding: 'utf8', env: { PATH: process.env.PATH } });

describe('package gate: install into a target, history, real packages (bubblewrap, real pip)', function () {
  this.timeout(300_000);
  let world: GateWorld;

  before(async () => {
    world = await makeGateWorld('snakepit-gate-install-');
  });

  after(() => {
    if (world) fs.rmSync(world.root, { recursive: true, force: true });
  });

  afterEach(() => {
    assert.deepEqual(sandboxDirsLeft(world.dirs.stateDir), [], 'no sandbox left after the test');
  });

  it('installs a passing package into the target; it is importable there', async () => {
    const target = makeTarget(world, 'target-pass');
    const report = await validatePackages(request(world, { specs: [spec('benign')], install: true, python: target }), {}, world.dirs);
    assert.equal(report.verdict, 'pass', JSON.stringify(report.packages.map((p) => p.reasons)));
    assert.equal(report.installed, true);
    assert.equal(report.target, target);
    const out = execFileSync(path.join(target, 'bin', 'python'), ['-c', 'import spfx_benign, sys; print(spfx_benign.__file__)'], { encoding: 'utf8' });
    assert.ok(out.startsWith(target), out);
  });

  it('installs nothing on fail: the target venv is byte-identical and pip freeze unchanged', async () => {
    const target = makeTarget(world, 'target-fail');
    const before = treeListing(target);
    const freezeBefore = freeze(target);
    const report = await validatePackages(request(world, { specs: [spec('net-at-import'), spec('benign')], install: true, python: target }), {}, world.dirs);
    assert.equal(report.verdict, 'fail');
    assert.equal(report.installed, false);
    assert.match(report.installSkipped ?? '', /fail/);
    assert.deepEqual(treeListing(target), before);
    assert.equal(freeze(target), freezeBefore);
  });

  it('warns on a package whose dependency is missing (pip check); declined, the target stays byte-identical', async () => {
    // python-dateutil pinned with its --hash alone: hash-checking mode fetches no dependencies, its import does not
    // need six, so only `pip check` notices — a warn, not a fail.
    const page = fs.readFileSync(new URL('python-dateutil/index.html', world.indexUrl.endsWith('/') ? world.indexUrl : `${world.indexUrl}/`), 'utf8');
    const match = /python_dateutil-([^-]+)-py2\.py3-none-any\.whl#sha256=([0-9a-f]{64})/.exec(page);
    assert.ok(match, 'python-dateutil is in the local index');
    const file = path.join(world.root, 'dateutil.txt');
    fs.writeFileSync(file, `python-dateutil==${match[1]} --hash=sha256:${match[2]}\n`);
    const target = makeTarget(world, 'target-declined');
    const before = treeListing(target);
    const freezeBefore = freeze(target);
    let asked = 0;
    const report = await validatePackages(request(world, { requirementFiles: [file], findLinks: [], install: true, python: target }), { confirmWarn: async () => (asked++, false) }, world.dirs);
    assert.equal(report.verdict, 'warn', JSON.stringify(report.packages.map((p) => p.reasons)));
    assert.ok(report.packages[0].reasons.some((r) => r.code === 'SPK404' && /six/.test(r.message)));
    assert.equal(asked, 1);
    assert.equal(report.installed, false);
    assert.match(report.installSkipped ?? '', /not confirmed/);
    assert.deepEqual(treeListing(target), before);
    assert.equal(freeze(target), freezeBefore);
  });

  it('validates requests with its dependencies from the local index, installs them, then serves them from the history', async () => {
    const target = makeTarget(world, 'target-requests');
    let asked = 0;
    const first = await validatePackages(request(world, { specs: ['requests'], findLinks: [], install: true, python: target }), { confirmWarn: async () => (asked++, true) }, world.dirs);
    const names = first.packages.map((p) => p.name).sort();
    for (const dep of ['requests', 'urllib3', 'idna', 'certifi', 'charset-normalizer']) assert.ok(names.includes(dep), `${dep} in ${names.join(', ')}`);
    assert.notEqual(first.verdict, 'fail', JSON.stringify(first.packages.filter((p) => p.verdict === 'fail').map((p) => [p.name, p.reasons])));
    assert.equal(first.installed, true, first.installSkipped);
    assert.equal(asked, first.verdict === 'warn' ? 1 : 0);
    execFileSync(path.join(target, 'bin', 'python'), ['-c', 'import requests, urllib3, idna, certifi, charset_normalizer']);
    assert.ok(first.packages.every((p) => !p.cached));

    const progress: GateProgress[] = [];
    const again = await validatePackages(request(world, { specs: ['requests'], findLinks: [] }), { onProgress: (p) => progress.push(p) }, world.dirs);
    assert.ok(again.packages.every((p) => p.cached), 'every package from the history');
    assert.deepEqual(again.packages.map((p) => [p.name, p.verdict, p.score]).sort(), first.packages.map((p) => [p.name, p.verdict, p.score]).sort());
    assert.ok(!progress.some((p) => p.phase === 'test' && /installing/.test(p.message)), 'nothing was installed in a test sandbox');

    const forced = await validatePackages(request(world, { specs: ['idna'], findLinks: [], noCache: true }), {}, world.dirs);
    assert.equal(forced.packages[0].cached, false, '--no-cache runs every phase again');
  });

  it('pins a requirements file with hashes; re-validating the pinned file is served from the history in under 100 ms', async () => {
    const file = path.join(world.root, 'requirements.txt');
    fs.writeFileSync(file, `# fixture\n${FIXTURES.benign.name}\n`);
    const first = await validatePackages(request(world, { requirementFiles: [file], pinHashes: true }), {}, world.dirs);
    assert.equal(first.verdict, 'pass');
    const pinned = fs.readFileSync(file, 'utf8');
    assert.match(pinned, new RegExp(`^${FIXTURES.benign.name}==1\\.0\\.0 \\\\\\n    --hash=sha256:${world.fixtures.benign.sha256}$`, 'm'));
    assert.match(pinned, /^# fixture$/m);

    const started = performance.now();
    const again = await validatePackages(request(world, { requirementFiles: [file] }), {}, world.dirs);
    const elapsed = performance.now() - started;
    assert.ok(again.packages.every((p) => p.cached));
    assert.ok(elapsed < 100, `re-validation took ${elapsed.toFixed(1)} ms`);
  });

  it('runs the test script in the test sandbox: its failure fails the package with its own words', async () => {
    const script = path.join(world.root, 'check_benign.py');
    fs.writeFileSync(script, 'import spfx_benign\nimport sys\nsys.stderr.write("expected 42, got 41\\n")\nsys.exit(3)\n');
    const report = await validatePackages(request(world, { specs: [spec('benign')], testScript: script }), {}, world.dirs);
    const reason = report.packages[0].reasons.find((r) => r.code === 'SPK405');
    assert.ok(reason && /exited with 3/.test(reason.message) && /expected 42, got 41/.test(reason.message), JSON.stringify(report.packages[0].reasons));
    assert.equal(report.verdict, 'fail');
  });

  it('refuses a file whose sha256 does not match its --hash, with a clear reason', async () => {
    const file = path.join(world.root, 'wrong-hash.txt');
    fs.writeFileSync(file, `${spec('benign')} --hash=sha256:${'0'.repeat(64)}\n`);
    const report = await validatePackages(request(world, { requirementFiles: [file] }), {}, world.dirs);
    assert.equal(report.verdict, 'fail');
    const reason = report.packages[0].reasons.find((r) => r.code === 'SPK401');
    assert.ok(reason && /matches none of the --hash/.test(reason.message), JSON.stringify(report.packages[0].reasons));
  });
});
