import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidationReport } from '../../../src/core/packages/gate/report';
import { FIXTURES } from '../../fixtures/packages/build';
import { makeGateWorld, sandboxDirsLeft, type GateWorld } from './gateHelpers';

/** The bundled CLI (its subcommands are split ES module chunks, so it is run built, as users run it). */
function builtCli(): string {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`node esbuild.js\` first`);
  return cli;
}

function tmpDir(world: GateWorld): string {
  const dir = path.join(world.root, 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI (the bundle users run, dist/cli.js) in a child process, with the world's XDG dirs. */
function cli(world: GateWorld, args: string[], options: { env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli(), 'validate', ...args], {
      cwd: world.root,
      // A TMPDIR of its own: the temp dirs this run leaves (none) are told apart from other processes'.
      env: { ...process.env, XDG_CACHE_HOME: world.dirs.cacheDir, XDG_STATE_HOME: world.dirs.stateDir, TMPDIR: tmpDir(world), ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('snakepit validate (CLI, real sandbox)', function () {
  this.timeout(600_000);
  let world: GateWorld;
  let index: string[];

  before(async () => {
    world = await makeGateWorld('snakepit-gate-cli-');
    index = ['--index-url', world.indexUrl, '--find-links', world.fixturesDir, '--engine', 'bubblewrap'];
  });

  after(() => {
    if (world) fs.rmSync(world.root, { recursive: true, force: true });
  });

  it('exits 2 without anything to validate, naming what to give', async () => {
    const run = await cli(world, []);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nothing to validate.*-r requirements\.txt/);
  });

  it('exits 2 for an unreadable requirements file', async () => {
    const run = await cli(world, ['-r', path.join(world.root, 'missing.txt')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /missing\.txt cannot be read/);
  });

  it('exits 2 listing requirements syntax errors with file:line:col', async () => {
    const file = path.join(world.root, 'broken.txt');
    fs.writeFileSync(file, 'six\nrequests ==\n');
    const run = await cli(world, ['-r', file]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}:2:\\d+: REQ\\d+`));
  });

  it('exits 2 when the chosen engine is unavailable', async () => {
    const run = await cli(world, [`${FIXTURES.benign.name}`, ...index.slice(0, -2), '--engine', 'docker'], { env: { DOCKER_HOST: `unix://${path.join(world.root, 'no-docker.sock')}` } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /docker engine is not available/);
  });

  it('exits 0 on pass and 1 on fail; --format json prints only the report on stdout', async () => {
    const pass = await cli(world, [`${FIXTURES.benign.name}==1.0.0`, ...index]);
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(pass.stdout, /✓ spfx-benign 1\.0\.0 {2}PASS/);
    assert.match(pass.stderr, /ingest .*downloading/);

    const fail = await cli(world, [`${FIXTURES['net-at-import'].name}==1.0.0`, ...index, '--format', 'json']);
    assert.equal(fail.code, 1, fail.stderr);
    const report = JSON.parse(fail.stdout) as ValidationReport;
    assert.deepEqual(Object.keys(report).sort(), ['engine', 'indexes', 'installed', 'packages', 'syscallTrace', 'verdict', 'version']);
    assert.equal(report.syscallTrace, 'strace', 'the imports ran under the system-call trace (strace is installed where these tests run)');
    assert.equal(report.verdict, 'fail');
    const pkg = report.packages[0];
    assert.deepEqual(Object.keys(pkg).sort(), ['artifacts', 'behavior', 'cached', 'direct', 'finding', 'name', 'reasons', 'requested', 'score', 'timings', 'verdict', 'version']);
    assert.equal(pkg.finding, 'dangerous');
    assert.equal(pkg.requested, 'spfx-net==1.0.0');
    assert.deepEqual(Object.keys(pkg.timings).sort(), ['ingestMs', 'testMs', 'totalMs']);
    assert.ok(pkg.reasons.some((r) => r.code === 'SPK301' && r.severity === 'high'));
    assert.match(fail.stderr, /verdict +spfx-net: fail/);
  });

  it('Ctrl-C cancels: exit 130, sandboxes and temp dirs removed', async () => {
    let interrupted = false;
    let interruptedAt = 0;
    const run = await cli(world, [`${FIXTURES['endless-loop'].name}==1.0.0`, ...index, '--no-cache'], {
      onStderr: (text, child) => {
        if (!interrupted && /importing 1 module/.test(text)) {
          interrupted = true;
          interruptedAt = Date.now();
          child.kill('SIGINT');
        }
      },
    });
    assert.ok(interrupted, run.stderr);
    assert.equal(run.code, 130, run.stderr);
    const stopMs = Date.now() - interruptedAt;
    assert.ok(stopMs < 5_000, `stopped ${stopMs} ms after Ctrl-C (the endless import would run 20 s)`);
    assert.match(run.stderr, /cancelled; sandboxes and temporary files were removed/);
    assert.deepEqual(sandboxDirsLeft(world.dirs.stateDir), []);
    assert.deepEqual(fs.readdirSync(tmpDir(world)).filter((name) => name.startsWith('snakepit-')), [], 'no temp dir of ours left (tsx keeps its cache there)');
  });
  it('re-validating an == pin whose files were judged answers from the history with no sandbox, same exit code', async () => {
    const spec = `${FIXTURES.benign.name}==1.0.0`;
    const first = await cli(world, [spec, ...index]);
    assert.equal(first.code, 0, first.stderr);
    const sandboxes = path.join(world.dirs.stateDir, 'sandboxes');
    const before = fs.existsSync(sandboxes) ? fs.readdirSync(sandboxes).sort() : [];
    const again = await cli(world, [spec, ...index, '--format', 'json']);
    assert.equal(again.code, first.code, again.stderr);
    assert.match(again.stderr, /pinned with == .*verdicts from the history .*no sandbox/);
    assert.doesNotMatch(again.stderr, /engine |downloading|sandboxes and temporary files removed/);
    const report = JSON.parse(again.stdout) as ValidationReport;
    assert.equal(report.verdict, 'pass');
    assert.deepEqual(report.packages.map((p) => [p.name, p.cached]), [['spfx-benign', true]]);
    assert.deepEqual(fs.existsSync(sandboxes) ? fs.readdirSync(sandboxes).sort() : [], before, 'no sandbox or sandbox state made');
    // --no-cache still runs every phase.
    const full = await cli(world, [spec, ...index, '--no-cache']);
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stderr, /ingest .*downloading/);
  });
});
