import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gateHistoryFile } from '../../../src/core/packages/gate/gatePaths';
import { VerdictHistory } from '../../../src/core/packages/gate/history';
import type { ValidationReport } from '../../../src/core/packages/gate/report';
import { makeGateWorld, type GateWorld } from './gateHelpers';

/** The bundled CLI (its subcommands are split ES module chunks, so it is run built, as users run it). */
function builtCli(): string {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`node esbuild.js\` first`);
  return cli;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `snakepit validate` from the sources, in a child process, with the world's XDG dirs. */
function validate(world: GateWorld, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli(), 'validate', ...args], {
      cwd: world.root,
      env: { ...process.env, XDG_CACHE_HOME: world.dirs.cacheDir, XDG_STATE_HOME: world.dirs.stateDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The version of a project the local index offers (read from its simple page: no machine-specific pins in the test). */
function indexedVersion(world: GateWorld, project: string): string {
  const page = fs.readFileSync(new URL(`${project}/index.html`, world.indexUrl.endsWith('/') ? world.indexUrl : `${world.indexUrl}/`), 'utf8');
  const version = new RegExp(`${project}-([0-9][^-"#]*)-py3-none-any\\.whl`).exec(page)?.[1];
  if (!version) throw new Error(`the local index has no pure-Python wheel of ${project}`);
  return version;
}

describe('package gate as a person meets it (CLI, real sandbox, real pip)', function () {
  this.timeout(600_000);
  let world: GateWorld;
  let requirements: string;
  let requestsVersion: string;
  let first: Run;

  before(async () => {
    world = await makeGateWorld('snakepit-gate-ux-');
    requestsVersion = indexedVersion(world, 'requests');
    requirements = path.join(world.root, 'requirements.txt');
    // The file: a good pin, a typo no index has, and an unpinned package with dependencies.
    fs.writeFileSync(requirements, `requests==${requestsVersion}\nreqeusts\nflask\n`);
    first = await validate(world, ['-r', requirements, '--index-url', world.indexUrl, '--engine', 'bubblewrap', '--format', 'json']);
  });

  after(() => {
    if (world) fs.rmSync(world.root, { recursive: true, force: true });
  });

  it('one unresolvable requirement fails alone, on its own pip error; the others are validated', () => {
    assert.equal(first.code, 1, first.stderr);
    const report = JSON.parse(first.stdout) as ValidationReport;
    const byName = new Map(report.packages.map((p) => [p.name, p]));
    const typo = byName.get('reqeusts');
    assert.equal(typo?.verdict, 'fail');
    assert.deepEqual(typo?.reasons.map((r) => r.code), ['SPK412']);
    assert.match(typo!.reasons[0].message, /No matching distribution found for reqeusts/);
    assert.equal(byName.get('requests')?.version, requestsVersion);
    assert.notEqual(byName.get('requests')?.verdict, 'fail', JSON.stringify(byName.get('requests')?.reasons));
    assert.notEqual(byName.get('flask')?.verdict, 'fail', JSON.stringify(byName.get('flask')?.reasons));
    for (const pkg of report.packages.filter((p) => p.name !== 'reqeusts')) assert.ok(pkg.reasons.every((r) => !/reqeusts/.test(r.message)), `${pkg.name} is not blamed for reqeusts`);
    assert.match(first.stderr, /reqeusts: pip failed on reqeusts: judged on its own/);
    assert.doesNotMatch(first.stderr, /pip failed on (requests|flask)\b/);
    assert.deepEqual(report.packages.filter((p) => p.direct).map((p) => p.name).sort(), ['flask', 'reqeusts', 'requests']);
    assert.ok(report.packages.some((p) => p.direct === false), 'dependencies are marked as such');
  });

  it('"not found" names every location pip looked in and where its setting came from', () => {
    const report = JSON.parse(first.stdout) as ValidationReport;
    const message = report.packages.find((p) => p.name === 'reqeusts')!.reasons[0].message;
    assert.ok(message.includes(`${world.indexUrl} (index; from the --index-url option)`), message);
    assert.deepEqual(report.indexes?.[0], `${world.indexUrl} (index; from the --index-url option)`);
  });

  it('the failure is in the verdict history (for lenses, diagnostics and the Validations view) but never re-used', () => {
    const history = new VerdictHistory(gateHistoryFile({ stateDir: path.join(world.dirs.stateDir, 'snakepit'), cacheDir: '' }));
    const typo = history.latestFor('reqeusts');
    assert.equal(typo?.verdict, 'fail');
    assert.deepEqual(typo?.sha256s, []);
    assert.equal(history.lookup({ sha256s: [], rulesetVersion: typo!.rulesetVersion }), undefined);
  });

  it('--pin-hashes pins the whole resolved set, so pip install --require-hashes -r succeeds (real pip, fresh venv)', async () => {
    fs.writeFileSync(requirements, `requests==${requestsVersion}\nflask\n`);
    const pin = await validate(world, ['-r', requirements, '--index-url', world.indexUrl, '--engine', 'bubblewrap', '--pin-hashes', '--yes']);
    assert.equal(pin.code, 0, pin.stderr);
    const pinned = fs.readFileSync(requirements, 'utf8');
    assert.match(pinned, /^flask==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}/m);
    assert.match(pinned, /^werkzeug==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}/m, 'a dependency is pinned too');
    const venv = path.join(world.root, 'venv');
    execFileSync('python3', ['-m', 'venv', venv]);
    // pip's own configuration is left out (it may add constraints or other locations): the index is named.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIP_')));
    const install = execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--index-url', world.indexUrl, '--require-hashes', '-r', requirements], { env: { ...env, PIP_CONFIG_FILE: '/dev/null' }, encoding: 'utf8' });
    assert.match(install, /Successfully installed .*flask-/);
    // Again, from the history: every line is hashed now, so no sandbox and the same verdict.
    const again = await validate(world, ['-r', requirements, '--index-url', world.indexUrl, '--engine', 'bubblewrap', '--format', 'json']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /pinned with --hash and was validated before/);
    const report = JSON.parse(again.stdout) as ValidationReport;
    assert.ok(report.packages.some((p) => p.name === 'werkzeug'), 'the dependencies are part of the answer');
  });
});
