import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { ValidationReport } from '../../../src/core/packages/gate/report';
import { DockerEngine } from '../../../src/core/sandbox/docker';
import { type DaemonRuntimes, resolveRuntime, type RuntimeEntry, runtimeHostConfig, traitsOf } from '../../../src/core/sandbox/docker/runtimes';
import { SandboxError } from '../../../src/core/sandbox/engine';
import { selectEngine } from '../../../src/core/sandbox/selectEngine';
import { FIXTURES } from '../../fixtures/packages/build';
import { makeGateWorld, type GateWorld } from '../packages/gateHelpers';
import { engineContract } from './contract/engineContract';

/** The bundled CLI (its subcommands are split ES module chunks, so it is run built, as users run it). */
function builtCli(): string {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`node esbuild.js\` first`);
  return cli;
}

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNSC: RuntimeEntry = { name: 'runsc', path: '/usr/bin/runsc', args: ['--platform=ptrace', '--network=none'] };
const RUNC: RuntimeEntry = { name: 'runc', path: 'runc', args: [] };
const daemon = (...runtimes: RuntimeEntry[]): DaemonRuntimes => ({ defaultRuntime: 'runc', runtimes });

/** A Docker client that answers only what choosing a runtime asks: a dockerd with runc and nothing else. */
function dockerWithoutRunsc(): Docker {
  return {
    ping: async () => 'OK',
    version: async () => ({ Version: '26.1.5', ApiVersion: '1.45', Os: 'linux', Arch: 'amd64' }),
    info: async () => ({ DefaultRuntime: 'runc', Runtimes: { runc: { path: 'runc' } } }),
  } as unknown as Docker;
}

describe('docker runtimes: which one a sandbox gets (no Docker needed)', () => {
  it('auto: runsc where dockerd has it; runc without it, and for a sandbox with network when runsc has none', () => {
    assert.equal(resolveRuntime('auto', daemon(RUNC, RUNSC), 'none').name, 'runsc');
    assert.equal(resolveRuntime('auto', daemon(RUNC), 'none').name, 'runc');
    assert.equal(resolveRuntime('auto', daemon(RUNC, RUNSC), 'bridge').name, 'runc');
    assert.equal(resolveRuntime('auto', daemon(RUNC, { ...RUNSC, args: ['--platform=systrap'] }), 'bridge').name, 'runsc');
  });

  it("no choice: dockerd's default runtime; runc and runsc by name", () => {
    assert.equal(resolveRuntime(undefined, { defaultRuntime: 'runsc', runtimes: [RUNC, RUNSC] }, 'none').name, 'runsc');
    assert.equal(resolveRuntime('runc', daemon(RUNC, RUNSC), 'none').name, 'runc');
    assert.equal(resolveRuntime('runsc', daemon(RUNC, RUNSC), 'none').name, 'runsc');
  });

  it('runsc asked for and missing: an error that names the setting and says how to register it', () => {
    assert.throws(
      () => resolveRuntime('runsc', daemon(RUNC), 'none', 'the setting snakepit.sandbox.runtime'),
      (error: unknown) => {
        assert.ok(error instanceof SandboxError);
        assert.match(error.message, /the setting snakepit\.sandbox\.runtime = runsc/);
        assert.match(error.message, /has no runsc runtime \(it has: runc\)/);
        assert.match(error.message, /\/etc\/docker\/daemon\.json/);
        assert.match(error.message, /"runtimes": \{"runsc": \{"path": "\/usr\/bin\/runsc"/);
        assert.match(error.message, /kill -HUP \$\(pidof dockerd\)/);
        assert.match(error.message, /set the setting snakepit\.sandbox\.runtime to auto or runc/);
        return true;
      },
    );
  });

  it('runsc registered without a network refuses a sandbox with network, saying why', () => {
    assert.throws(() => resolveRuntime('runsc', daemon(RUNC, RUNSC), 'bridge', '--runtime'), /registered with --platform=ptrace --network=none.*network "bridge" would have no network.*--runtime = runsc/);
  });

  it('tells gVisor by its path as well as its name, and says what differs under it', () => {
    const gvisor = traitsOf({ name: 'gvisor', path: '/usr/local/bin/runsc', args: ['--platform=systrap'] });
    assert.deepEqual(
      { kernel: gvisor.kernel, platform: gvisor.platform, bridgeNetwork: gvisor.bridgeNetwork, pidsLimit: gvisor.pidsLimit, outOfMemory: gvisor.outOfMemory, seccompInside: gvisor.seccompInside, namedPipesOnVolume: gvisor.namedPipesOnVolume },
      { kernel: 'gvisor', platform: 'systrap', bridgeNetwork: true, pidsLimit: 'rlimit', outOfMemory: 'sandbox', seccompInside: false, namedPipesOnVolume: false },
    );
    assert.equal(traitsOf(RUNSC).bridgeNetwork, false);
    const runc = traitsOf(RUNC);
    assert.deepEqual(
      { kernel: runc.kernel, pidsLimit: runc.pidsLimit, outOfMemory: runc.outOfMemory, seccompInside: runc.seccompInside, namedPipesOnVolume: runc.namedPipesOnVolume },
      { kernel: 'host', pidsLimit: 'cgroup', outOfMemory: 'process', seccompInside: true, namedPipesOnVolume: true },
    );
  });

  it("keeps the pids limit under gVisor inside (RLIMIT_NPROC), the host's pids cgroup a ceiling for the Sentry; under runc the cgroup alone", () => {
    assert.deepEqual(runtimeHostConfig(RUNC, { pids: 64 }), { Runtime: 'runc' });
    const gvisor = runtimeHostConfig(RUNSC, { pids: 64 });
    assert.equal(gvisor.Runtime, 'runsc');
    assert.deepEqual(gvisor.Ulimits, [{ Name: 'nproc', Soft: 64, Hard: 64 }]);
    assert.ok((gvisor.PidsLimit ?? 0) > 64 * 8, `host ceiling ${gvisor.PidsLimit}`);
  });

  it('an engine whose dockerd has no runsc refuses runsc before making anything, and so does choosing the engine', async () => {
    const engine = new DockerEngine(dockerWithoutRunsc(), undefined, { runtime: 'runsc', runtimeSetting: 'the setting snakepit.sandbox.runtime' });
    // The fake client has no createVolume/createContainer: getting that far would fail otherwise.
    await assert.rejects(engine.create({ name: 'never-made', image: IMAGE }), /snakepit\.sandbox\.runtime = runsc.*has no runsc runtime/);
    await assert.rejects(selectEngine('auto', { docker: engine }, { runtime: 'runsc', setting: '--runtime' }), /--runtime = runsc.*daemon\.json.*kill -HUP/);
    const auto = await selectEngine('auto', { docker: engine }, { runtime: 'auto', setting: '--runtime' });
    assert.equal(auto.runtime, 'runc');
    assert.match(auto.reason, /runtime runc for auto/);
  });

  it('refuses runsc with an engine other than docker', async () => {
    await assert.rejects(selectEngine('bubblewrap', {}, { runtime: 'runsc', setting: 'snakepit.gate.runtime' }), /snakepit\.gate\.runtime is runsc \(gVisor\), which only docker sandboxes have/);
  });
});

/** The runtimes dockerd has, or undefined without a dockerd. */
function registeredRuntimes(): string[] | undefined {
  const info = spawnSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8' });
  return info.status === 0 ? Object.keys(JSON.parse(info.stdout) as Record<string, unknown>) : undefined;
}

// The engine contract every engine runs (contract/docker.test.ts runs it under dockerd's default runtime), under
// gVisor. What gVisor does differently is declared from the engine's own traits, not assumed here.
describe('docker under runsc (gVisor): the engine contract', function () {
  this.timeout(300_000);
  before(function () {
    const runtimes = registeredRuntimes();
    if (!runtimes?.includes('runsc')) {
      console.log(`    Skipping the contract under runsc: ${runtimes ? `dockerd has no runsc runtime (it has ${runtimes.join(', ')})` : '`docker info` failed'}. .ci/provision-docker.sh installs and registers it.`);
      this.skip();
    }
  });
  // These look for the command's processes among the host's (helpers.survivorsWith): under gVisor the sandbox's
  // processes are the Sentry's, never host processes, so they cannot be seen there (docker.test.ts checks the same
  // from inside the sandbox, under both runtimes).
  const HOST_PROCESS_TESTS = /reports health through inspect|kills a spawned process on request/;
  let told = false;
  beforeEach(function () {
    if (!HOST_PROCESS_TESTS.test(this.currentTest?.title ?? '')) return;
    if (!told) console.log('    (skipped under runsc: tests that look for sandbox processes among the host\'s; gVisor\'s are not there)');
    told = true;
    this.skip();
  });
  const traits = traitsOf(RUNSC);
  const scope = `contract-runsc-${process.pid}-${Date.now()}`;
  engineContract('docker (runsc)', () => new DockerEngine(undefined, scope, { runtime: 'runsc' }), {
    spec: { image: IMAGE },
    unusableImage: 'snakepit/does-not-exist:never',
    limits: {
      pids: true,
      memory: traits.outOfMemory === 'process' ? true : 'under gVisor a process over the memory limit ends the whole sandbox (docker.test.ts checks that, and that it says so)',
      cpus: true,
    },
    listsOnlyItsOwn: true,
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI (sources through tsx) in a child process, with XDG dirs of its own. */
function snakepit(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli(), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('docker runtimes: snakepit sandbox create --runtime and snakepit validate --runtime (real Docker)', function () {
  this.timeout(600_000);
  let runtimes: string[] = [];
  let state: string;

  before(function () {
    const found = registeredRuntimes();
    if (!found) {
      console.log('    Skipping: `docker info` failed. Run .ci/provision-docker.sh.');
      this.skip();
    }
    runtimes = found;
    if (!runtimes.includes('runsc')) console.log(`    dockerd has no runsc runtime (it has ${runtimes.join(', ')}): only runc is tried. .ci/provision-docker.sh registers runsc.`);
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-runtimes-state-'));
  });
  after(() => {
    if (state) fs.rmSync(state, { recursive: true, force: true });
  });

  for (const runtime of ['runc', 'runsc']) {
    it(`snakepit sandbox create --runtime ${runtime}: runs it there, and says so`, async function () {
      if (!runtimes.includes(runtime)) this.skip();
      const name = `rt-${runtime}-${process.pid}`;
      const env = { XDG_STATE_HOME: state };
      const created = await snakepit(['sandbox', 'create', name, '--engine', 'docker', '--image', IMAGE, '--runtime', runtime], env);
      try {
        assert.equal(created.code, 0, created.stderr);
        assert.match(created.stderr, new RegExp(`^engine: docker.*; runtime ${runtime}`, 'm'));
        const inspected = spawnSync('docker', ['inspect', '--format', '{{.HostConfig.Runtime}}', `snakepit-${name}`], { encoding: 'utf8' });
        assert.equal(inspected.stdout.trim(), runtime);
        const dmesg = await snakepit(['sandbox', 'exec', name, '--', 'sh', '-c', 'dmesg 2>&1 | head -1'], env);
        const traits = traitsOf({ name: runtime, path: runtime, args: [] });
        if (traits.kernelLog === 'gvisor') assert.match(dmesg.stdout, /Starting gVisor/);
        else assert.doesNotMatch(dmesg.stdout, /gVisor/);
      } finally {
        await snakepit(['sandbox', 'rm', name], env);
      }
    });
  }

  describe('validate', () => {
    let world: GateWorld;
    before(async () => {
      world = await makeGateWorld('snakepit-gate-runtimes-');
    });
    after(() => {
      if (world) fs.rmSync(world.root, { recursive: true, force: true });
    });

    const validate = async (runtime: string) => {
      const spec = `${FIXTURES.benign.name}==${FIXTURES.benign.version}`;
      const run = await snakepit(
        ['validate', spec, '--engine', 'docker', '--runtime', runtime, '--no-cache', '-i', world.indexUrl, '--find-links', world.fixturesDir, '--format', 'json'],
        { XDG_CACHE_HOME: world.dirs.cacheDir, XDG_STATE_HOME: world.dirs.stateDir },
        world.root,
      );
      assert.equal(run.code, 0, run.stderr);
      return { run, report: JSON.parse(run.stdout) as ValidationReport };
    };

    it('auto (the default): the test sandbox runs under runsc where dockerd has it, and the report says which', async () => {
      const { run, report } = await validate('auto');
      const expected = runtimes.includes('runsc') ? 'runsc' : 'runc';
      assert.equal(report.verdict, 'pass');
      assert.equal(report.runtime, expected);
      assert.match(run.stderr, new RegExp(`engine docker.*; runtime ${expected}`));
    });

    it('runc when asked for', async () => {
      const { report } = await validate('runc');
      assert.equal(report.runtime, 'runc');
    });
  });
});
