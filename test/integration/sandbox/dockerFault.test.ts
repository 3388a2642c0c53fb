// Stops the Docker engine in the middle of an exec and checks that Snakepit says so, keeps its state, and cleans up
// once the engine is back. It stops and restarts the machine's dockerd, so it runs only where that daemon is ours:
// SNAKEPIT_FAULT_TESTS=1 (CI sets it) and a dockerd started as .ci/provision-docker.sh does (`nohup dockerd`, no
// arguments, not a systemd service).
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SandboxError } from '../../../src/core/sandbox/engine';
import type { SandboxManager } from '../../../src/core/sandbox/manager';
import { createSandboxServices } from '../../../src/core/sandbox/sandboxServices';

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
/** Exactly how .ci/provision-docker.sh starts the engine. */
const START_DOCKERD = 'nohup dockerd >/var/log/snakepit-dockerd.log 2>&1 &';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dockerAnswers = () => spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;

async function until(what: string, condition: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting until ${what}`);
    await sleep(200);
  }
}

function pidOfDockerd(): number | undefined {
  const result = spawnSync('pidof', ['dockerd'], { encoding: 'utf8' });
  const pids = result.status === 0 ? result.stdout.trim().split(/\s+/).map(Number) : [];
  return pids.length === 1 ? pids[0] : undefined;
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/\)\s+Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Why this machine's dockerd may not be stopped by a test, or undefined when it may. */
function whyNotOurs(pid: number | undefined): string | undefined {
  if (pid === undefined) return 'there is not exactly one dockerd process (`pidof dockerd`)';
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  if (argv.length !== 1 || path.basename(argv[0]) !== 'dockerd') return `dockerd runs as \`${argv.join(' ')}\`, not as .ci/provision-docker.sh starts it`;
  if (/docker\.service/.test(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8'))) return 'dockerd is a systemd service';
  if (process.getuid?.() !== 0) return 'restarting dockerd needs root';
  return undefined;
}

/** Labelled containers, volumes and images of `sandbox`, as the docker CLI sees them. */
function leftovers(sandbox: string): string[] {
  const filter = `label=snakepit.sandbox=${sandbox}`;
  return [['ps', '-a', '-q'], ['volume', 'ls', '-q'], ['images', '-q']].flatMap((args) => {
    const result = spawnSync('docker', [...args, '--filter', filter], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter(Boolean);
  });
}

describe('Docker engine stopping mid-operation (stops and restarts dockerd)', function () {
  this.timeout(180_000);
  let stateDir: string;
  let manager: SandboxManager;
  let stoppedDockerd = false;

  before(function () {
    if (process.env.SNAKEPIT_FAULT_TESTS !== '1') {
      console.log('    Skipping the Docker fault test: it stops and restarts dockerd; set SNAKEPIT_FAULT_TESTS=1 where that is fine (CI does).');
      this.skip();
    }
    const why = dockerAnswers() ? whyNotOurs(pidOfDockerd()) : '`docker info` fails (run .ci/provision-docker.sh)';
    if (why) {
      console.log(`    Skipping the Docker fault test: it stops and restarts dockerd, and ${why}.`);
      this.skip();
    }
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-fault-'));
    manager = createSandboxServices(stateDir, 'test').manager;
  });

  const name = `fault-${process.pid}`;

  after(async function () {
    // Whatever happened above, leave the machine with a running engine and without the test's sandbox.
    if (stoppedDockerd && !dockerAnswers()) await startDockerd();
    if (manager && (await manager.list()).some((r) => r.name === name)) await manager.remove([name]);
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  async function startDockerd(): Promise<void> {
    const previous = pidOfDockerd();
    if (previous !== undefined) await until(`the old dockerd (${previous}) has exited`, () => !isRunning(previous), 60_000);
    // Its own session, so that a ^C to the test run does not reach the engine.
    spawn('sh', ['-c', START_DOCKERD], { detached: true, stdio: 'ignore' }).unref();
    await until('`docker info` answers again', dockerAnswers, 60_000);
  }

  it('fails an exec with the reason, keeps the sandbox listed and unhealthy, and removes it once Docker is back', async () => {
    const record = await manager.create('docker', { name, image: IMAGE, purpose: 'ephemeral' });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const exec = manager.exec(name, ['sh', '-c', 'echo started; exec sleep 60'], { onStdout: () => started() });
    const settled = exec.then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error }),
    );
    await running;

    const pid = pidOfDockerd()!;
    stoppedDockerd = true;
    process.kill(pid, 'SIGTERM');
    const stoppedAt = Date.now();
    await until('`docker info` fails', () => !dockerAnswers(), 60_000);

    const outcome = await Promise.race([settled, sleep(30_000).then(() => 'hung' as const)]);
    assert.notEqual(outcome, 'hung', 'the exec neither resolved nor rejected within 30 s of dockerd stopping');
    const { result, error } = outcome as Awaited<typeof settled>;
    assert.equal(result, undefined, `the exec resolved: ${JSON.stringify(result)}`);
    assert.ok(error instanceof SandboxError, `not a SandboxError: ${String(error)}`);
    assert.match(error.message, new RegExp(`^Docker engine stopped responding during exec of ${name}: .+; start it again \\(e\\.g\\. \`sudo systemctl start docker\`\\) and retry$`));
    assert.ok(Date.now() - stoppedAt < 30_000);

    // The state file still knows the sandbox; the engine being away makes it unhealthy, with the reason.
    assert.deepEqual((await manager.list()).map((r) => r.name), [name]);
    const health = await manager.health(record);
    assert.equal(health.state, 'unhealthy');
    assert.match(health.reason ?? '', new RegExp(`Docker engine stopped responding during inspect of ${name}: .+; start it again`));

    await startDockerd();
    await manager.remove([name]);
    assert.deepEqual(await manager.list(), []);
    assert.deepEqual(leftovers(name), []);
  });
});
