import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createSandboxServices } from '../../../src/core/sandbox/sandboxServices';
import { assertHostPaths, assertNothingLeft, fixture, Session, tempStateDir } from './helpers';
import { debugSuite } from './suite';

describe('snakepit debug adapter on bubblewrap (real bwrap, debugpy installed from the local index)', function () {
  this.timeout(180_000);
  debugSuite('bubblewrap');
});

describe('snakepit debug adapter: getting a debugger into a sandbox that has none (bubblewrap)', function () {
  this.timeout(300_000);
  let stateDir: string;

  before(() => {
    stateDir = tempStateDir();
  });

  after(() => {
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  async function stopAtMain(session: Session): Promise<void> {
    await session.start();
    try {
      await session.launch({ program: fixture('main.py'), sandbox: { engine: 'bubblewrap' } }, { 'main.py': [{ line: 8 }] });
      await session.waitForStop('breakpoint');
      const where = await session.where();
      assert.deepEqual([where.file, where.line], [fixture('main.py'), 8]);
    } finally {
      await session.stop();
    }
    await assertNothingLeft(stateDir, 'bubblewrap', session.sandboxName);
  }

  it('installs debugpy from the local package index with the network off, then reuses the cached copy', async () => {
    const first = new Session(stateDir);
    await stopAtMain(first);
    assert.match(first.outputText, /debugpy is not installed in the sandbox; installing it from the local package index/);
    assert.match(first.outputText, /installed debugpy into the sandbox from .*\(network off\); cached for later sessions/);
    const second = new Session(stateDir);
    await stopAtMain(second);
    assert.doesNotMatch(second.outputText, /installing it/, 'the cached debugpy is mounted read-only instead');
  });

  it('debugs in a named sandbox without changing or removing it, and keeps an ephemeral one when asked', async () => {
    const services = createSandboxServices(stateDir, 'test');
    const named = await services.manager.create('bubblewrap', { name: 'mine', purpose: 'user' });
    try {
      const session = new Session(stateDir);
      await session.start();
      try {
        await session.launch({ program: fixture('main.py'), sandbox: { name: 'mine' } }, { 'helpers.py': [{ line: 2 }] });
        await session.waitForStop('breakpoint');
        assertHostPaths(await session.topFrames());
        assert.equal((await session.where()).file, fixture('helpers.py'));
      } finally {
        await session.stop();
      }
      assert.match(session.outputText, /bubblewrap sandbox "mine" \(reused/);
      assert.deepEqual(await services.manager.get('mine'), named, 'the named sandbox is still there, its record unchanged (the workspace mount was for the session only)');

      const kept = new Session(stateDir);
      await kept.start();
      try {
        await kept.launch({ program: fixture('main.py'), sandbox: { engine: 'bubblewrap', keep: true } }, { 'main.py': [{ line: 8 }] });
        await kept.waitForStop('breakpoint');
      } finally {
        await kept.stop();
      }
      const record = await services.manager.get(kept.sandboxName!);
      assert.equal(record.purpose, 'user', 'a kept sandbox is not reaped with the adapter process');
      await services.manager.remove([record.name]);
    } finally {
      await services.manager.remove(['mine']);
    }
    assert.deepEqual(await services.manager.list(), []);
  });

  it('falls back to the pdb bridge, and says so, when no local index can provide debugpy', async () => {
    const pdbState = tempStateDir();
    try {
      const session = new Session(pdbState, { PIP_CONFIG_FILE: '/dev/null', PIP_FIND_LINKS: '', PIP_INDEX_URL: '', PIP_EXTRA_INDEX_URL: '' });
      await session.start();
      try {
        await session.launch({ program: fixture('main.py'), sandbox: { engine: 'bubblewrap' } }, { 'helpers.py': [{ line: 2 }] });
        await session.waitForStop('breakpoint');
        const where = await session.where();
        assert.deepEqual([where.file, where.line], [fixture('helpers.py'), 2]);
        assertHostPaths(await session.topFrames());
      } finally {
        await session.stop();
      }
      assert.match(session.outputText, /no local package index.*Falling back to the pdb bridge/s);
      await assertNothingLeft(pdbState, 'bubblewrap', session.sandboxName);
    } finally {
      fs.rmSync(pdbState, { recursive: true, force: true });
    }
  });
});
