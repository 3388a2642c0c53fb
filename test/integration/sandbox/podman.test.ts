import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { SandboxRecord } from '../../../src/core/sandbox/engine';
import { PodmanEngine } from '../../../src/core/sandbox/podman';

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const repo = path.resolve(__dirname, '../../..');

/** Containers and volumes carrying `label`, as the podman CLI sees them (not through Snakepit's own code). */
function leftovers(label: string): string[] {
  const list = (args: string[]) => spawnSync('podman', args, { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return [...list(['ps', '-a', '-q', '--filter', `label=${label}`]).map((id) => `container ${id}`), ...list(['volume', 'ls', '-q', '--filter', `label=${label}`]).map((v) => `volume ${v}`)];
}

// What the contract suite (contract/podman.test.ts) does not cover: Podman-specific behaviour of the engine.
describe('PodmanEngine (real Podman service)', function () {
  this.timeout(300_000);
  const scope = `podman-it-${process.pid}-${Date.now()}`;
  const engine = new PodmanEngine(scope);
  const made: SandboxRecord[] = [];
  let serial = 0;
  const uniqueName = (what: string) => `pit${process.pid.toString(36)}-${what}-${++serial}`;

  before(async function () {
    const availability = await engine.available();
    if (!availability.ok) {
      console.log(`    Skipping the podman engine tests: ${availability.reason} (run .ci/provision-podman.sh)`);
      this.skip();
    }
    assert.match(availability.detail, /^Podman \d+\.\d+/);
  });

  after(async () => {
    for (const record of made) await engine.destroy(record).catch(() => undefined);
    if ((await engine.available()).ok) assert.deepEqual(await engine.listOwned(), [], 'nothing of this run is left');
  });

  it('makes podman sandboxes: records, resources and stats say podman, the terminal command reaches the container', async () => {
    const record = await engine.create({ name: uniqueName('kind'), image: IMAGE, purpose: 'ephemeral' });
    made.push(record);
    assert.equal(record.engine, 'podman');
    const owned = (await engine.listOwned()).filter((r) => r.sandbox === record.name);
    assert.ok(owned.length > 0 && owned.every((r) => r.engine === 'podman'), JSON.stringify(owned));
    const stats = await engine.stats(record);
    assert.ok(stats.pids >= 1 && stats.memoryBytes > 0, JSON.stringify(stats));
    // The terminal's command line, without -it (no terminal here): it must reach this very container.
    const terminal = engine.terminalCommand(record);
    const args = terminal.shellArgs.filter((a) => a !== '-it');
    const result = spawnSync(terminal.shellPath, [...args, '-c', 'echo "$PWD $PS1"; id -u'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.split('\n')[0], `/work (snakepit:${record.name}) $ `);
    assert.notEqual(result.stdout.split('\n')[1], '0', 'never root');
  });

  it('ends a one-run sandbox with the process that made it (SIGKILL), and keeps a user sandbox', async () => {
    const script = `
      const { PodmanEngine } = require(${JSON.stringify(path.join(repo, 'src/core/sandbox/podman'))});
      const engine = new PodmanEngine(${JSON.stringify(scope)});
      (async () => {
        const bound = await engine.create({ name: ${JSON.stringify(uniqueName('bound'))}, image: ${JSON.stringify(IMAGE)}, purpose: 'debug' });
        const user = await engine.create({ name: ${JSON.stringify(uniqueName('user'))}, image: ${JSON.stringify(IMAGE)}, purpose: 'user' });
        await engine.exec(bound, ['sh', '-c', 'sleep 600 & echo started']);
        console.log(JSON.stringify({ bound, user }));
        setInterval(() => undefined, 1000);
      })();`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    const said = await new Promise<string>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out);
      });
      owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    const { bound, user } = JSON.parse(said) as { bound: SandboxRecord; user: SandboxRecord };
    made.push(user, bound);
    assert.equal((await engine.inspect(bound)).state, 'running');
    assert.ok(leftovers(`snakepit.sandbox=${bound.name}`).length > 0);
    owner.kill('SIGKILL');
    // Podman removes it within seconds; the margin is for a loaded machine.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && leftovers(`snakepit.sandbox=${bound.name}`).length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(leftovers(`snakepit.sandbox=${bound.name}`), [], 'the one-run sandbox (container and work volume) is gone');
    assert.equal((await engine.inspect(user)).state, 'running', 'the user sandbox is kept');
  });

  it('refuses gVisor by name (Podman lists runtimes it may not have), and runs runc for auto', async () => {
    await assert.rejects(engine.create({ name: uniqueName('runsc'), image: IMAGE, runtime: 'runsc', runtimeSetting: '--runtime' } as never), /no runsc runtime[\s\S]*--runtime/);
    const described = await engine.describeRuntimeFor('auto');
    assert.equal(described.runtime, (await engine.runtimes()).defaultRuntime);
  });
});
