import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import { containerName } from '../../../src/core/sandbox/docker/names';
import { createSandboxServices } from '../../../src/core/sandbox/sandboxServices';
import { assertHostPaths, assertNothingLeft, fixture, SANDBOX_WORKSPACE, Session, tempStateDir, workspace } from './helpers';
import { debugSuite } from './suite';

describe('snakepit debug adapter on docker (real containers, debugpy from the image)', function () {
  this.timeout(180_000);
  debugSuite('docker');
});

describe('snakepit debug adapter on a private workspace (folder 0700, files 0600) on docker', function () {
  this.timeout(180_000);

  it('stops at a breakpoint: the sandbox runs as the host user, or (root) gets a copy it can read', async () => {
    const stateDir = tempStateDir();
    const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-private-workspace-'));
    for (const name of ['main.py', 'helpers.py']) {
      fs.copyFileSync(fixture(name), path.join(privateDir, name));
      fs.chmodSync(path.join(privateDir, name), 0o600);
    }
    fs.chmodSync(privateDir, 0o700);
    const session = new Session(stateDir);
    try {
      await session.start();
      await session.launch({ program: path.join(privateDir, 'main.py'), workspaceFolder: privateDir, sandbox: { engine: 'docker' } }, { [path.join(privateDir, 'helpers.py')]: [{ line: 2 }] });
      await session.waitForStop('breakpoint');
      const where = await session.where();
      assert.deepEqual([where.file, where.line], [path.join(privateDir, 'helpers.py'), 2]);
      await session.stop();
      await assertNothingLeft(stateDir, 'docker', session.sandboxName);
    } finally {
      fs.rmSync(privateDir, { recursive: true, force: true });
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

describe('snakepit debug adapter when the sandbox dies (docker)', function () {
  this.timeout(180_000);

  it('ends the session with a message saying what happened, and leaves nothing behind', async () => {
    const stateDir = tempStateDir();
    const session = new Session(stateDir);
    try {
      await session.start();
      await session.launch({ program: fixture('forever.py'), sandbox: { engine: 'docker' } });
      await session.waitForOutput(/started/);
      const terminated = session.client.waitForEvent('terminated', 60_000);
      // A real fault: the container is removed behind Snakepit's back while the program runs.
      await new Docker().getContainer(containerName(session.sandboxName!)).remove({ force: true });
      await terminated;
      await session.waitForOutput(/the debug adapter in docker sandbox "[^"]+" .*ended unexpectedly/);
      // Docker may still show the killed container as exited (stopped) for a moment before it is gone.
      assert.match(session.outputText, /ended unexpectedly \(exit code [^)]*\); the sandbox is (missing|dead|stopped)/);
      await session.stop();
      await assertNothingLeft(stateDir, 'docker', session.sandboxName);
    } finally {
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

describe('snakepit debug adapter: attach to debugpy listening inside a named docker sandbox', function () {
  this.timeout(180_000);

  it('connects through the sandbox (no port on the host), stops at a breakpoint, maps paths, leaves the sandbox', async () => {
    const stateDir = tempStateDir();
    const services = createSandboxServices(stateDir, 'test');
    const name = `attach-${process.pid}`;
    const record = await services.manager.create('docker', { name, purpose: 'user', mounts: [{ hostPath: workspace, sandboxPath: SANDBOX_WORKSPACE, readOnly: true }] });
    const server = await services.engines.docker!.spawn(record, ['python3', '-m', 'debugpy', '--listen', '127.0.0.1:5678', '--wait-for-client', `${SANDBOX_WORKSPACE}/main.py`], { cwd: SANDBOX_WORKSPACE });
    const session = new Session(stateDir);
    let stopped = false;
    try {
      // debugpy needs a moment to listen; the relay's connection would be refused before.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await session.start();
      const initialized = session.client.waitForEvent('initialized', 60_000);
      await session.client.initializeRequest();
      const attached = session.client.attachRequest({ sandbox: { name }, connect: { port: 5678 }, workspaceFolder: workspace } as never);
      await Promise.race([initialized, attached]);
      await initialized;
      await session.client.setBreakpointsRequest({ source: { path: fixture('helpers.py') }, breakpoints: [{ line: 2 }] });
      await session.client.configurationDoneRequest();
      await attached;
      await session.waitForStop('breakpoint');
      assertHostPaths(await session.topFrames());
      assert.deepEqual(((await session.where()).file), fixture('helpers.py'));
      assert.match(session.outputText, new RegExp(`docker sandbox "${name}" \\(reused`));
      await session.stop();
      stopped = true;
      assert.equal((await services.manager.health(await services.manager.get(name))).state, 'running', 'the named sandbox is left running');
    } finally {
      if (!stopped) await session.stop();
      await server.kill();
      await services.manager.remove([name]);
    }
    await assertNothingLeft(stateDir, 'docker', name);
    fs.rmSync(stateDir, { recursive: true, force: true });
  });
});
