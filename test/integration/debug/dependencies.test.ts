import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ProvidedDependencies } from '../../../src/core/debug/debugSandbox';
import { profileInSandbox } from '../../../src/core/debug/profile';
import { DEPENDENCIES_EVENT } from '../../../src/core/debug/sandboxDebugSession';
import { validatePackages } from '../../../src/core/packages/gate/validatePackages';
import { findPythonHelpersDir } from '../../../src/core/pythonHelpers';
import { createSandboxServices } from '../../../src/core/sandbox/sandboxServices';
import type { EngineKind } from '../../../src/core/sandbox/engine';
import { FIXTURES } from '../../fixtures/packages/build';
import { pipInstall } from '../environments/helpers';
import { makeGateWorld, request, type GateWorld } from '../packages/gateHelpers';
import { assertNothingLeft, Session } from './helpers';

const APP = [
  'print("app starting")', //
  'import spfx_benign',
  '',
  '',
  'def main():',
  '    greeting = spfx_benign.Greeting("sandbox").text()',
  '    print(greeting)',
  '',
  '',
  'main()',
  '',
].join('\n');
const BREAK_LINE = 7;

/**
 * A workspace whose `.venv` got the benign fixture through the real gate (bubblewrap, validate + install: verified)
 * and `six` by plain pip (never verified); a program importing the fixture is debugged by the real adapter
 * (`node dist/debugAdapter.js`) in a real sandbox, which gets the verified wheel from the gate's artifact cache.
 */
describe('debugging with the workspace environment: its verified wheels are installed into the sandbox (real gate, real pip, real adapter)', function () {
  this.timeout(300_000);
  let world: GateWorld;
  let project: string;
  let app: string;
  /** The adapter reads the gate's history from its state dir and its cache from XDG_CACHE_HOME/snakepit, as the CLI does. */
  let xdgCache: string;
  const benign = `${FIXTURES.benign.name}==${FIXTURES.benign.version}`;

  before(async () => {
    world = await makeGateWorld('snakepit-debug-deps-');
    xdgCache = path.join(world.root, 'xdg-cache');
    world.dirs.cacheDir = path.join(xdgCache, 'snakepit');
    project = path.join(world.root, 'project');
    fs.mkdirSync(project, { mode: 0o755 });
    const venv = path.join(project, '.venv');
    execFileSync('python3', ['-m', 'venv', venv]);
    const report = await validatePackages(request(world, { specs: [benign], install: true, python: venv }), {}, world.dirs);
    assert.equal(report.verdict, 'pass', JSON.stringify(report.packages.map((p) => p.reasons)));
    assert.equal(report.installed, true);
    pipInstall(venv, 'six');
    app = path.join(project, 'app.py');
    fs.writeFileSync(app, APP);
  });

  after(() => {
    if (world) fs.rmSync(world.root, { recursive: true, force: true });
  });

  async function debugApp(engine: EngineKind, dependencies?: 'none'): Promise<{ session: Session; provided: ProvidedDependencies[] }> {
    const session = new Session(world.dirs.stateDir, { XDG_CACHE_HOME: xdgCache });
    const provided: ProvidedDependencies[] = [];
    session.client.on(DEPENDENCIES_EVENT, (event: DebugProtocol.Event) => provided.push(event.body as ProvidedDependencies));
    await session.start();
    try {
      await session.launch({ program: app, workspaceFolder: project, sandbox: { engine, ...(dependencies ? { dependencies } : {}) } }, { [app]: [{ line: BREAK_LINE }] });
      if (dependencies === 'none') await session.waitForOutput(/ModuleNotFoundError: No module named 'spfx_benign'/);
      else {
        await session.waitForStop('breakpoint');
        const where = await session.where();
        assert.deepEqual([where.file, where.line], [app, BREAK_LINE], session.outputText);
        assert.equal(await session.evaluate('greeting', where.frame.id), "'hello, sandbox'");
        const imported = await session.evaluate('spfx_benign.__file__', where.frame.id);
        assert.match(imported, /^'\/work\/\.venv\/lib\/python3\.\d+\/(site|dist)-packages\/spfx_benign\/__init__\.py'$/, "imported from the sandbox's venv, not the workspace's .venv");
      }
    } finally {
      await session.stop();
    }
    await assertNothingLeft(world.dirs.stateDir, engine, session.sandboxName);
    return { session, provided };
  }

  for (const engine of ['bubblewrap', 'docker'] as const) {
    describe(engine, () => {
      it('stops at a breakpoint after the import, and names the unverified package as not provided before launch', async () => {
        const { session, provided } = await debugApp(engine);
        const text = session.outputText;
        assert.deepEqual(
          provided.map((p) => [p.environment, p.installed.map((w) => w.name), p.missing.map((m) => m.name)]),
          [['.venv', ['spfx-benign'], ['six']]],
          'the client is told what is missing (VS Code offers to validate it)',
        );
        assert.match(text, /installed 1 verified package from the workspace's \.venv \(cached wheels, no index\): spfx-benign 1\.0\.0\n/);
        assert.match(text, /not provided: six [\d.]+: never verified by the gate; validate it: `snakepit validate six==[\d.]+`\n/);
        assert.doesNotMatch(text, /not provided: (pip|setuptools) /, "the sandbox's Python brings its own packaging tools");
        assert.ok(text.indexOf('app starting') > text.indexOf('not provided: six'), 'named before the program starts');
      });

      it('with "dependencies": "none" the same program stops at ModuleNotFoundError, as before', async () => {
        const { session, provided } = await debugApp(engine, 'none');
        assert.doesNotMatch(session.outputText, /not provided|installed \d/);
        assert.deepEqual(provided, []);
      });

      it('Profile File in Sandbox runs the same program with the verified wheel installed', async () => {
        const services = createSandboxServices(world.dirs.stateDir, 'test');
        const progress: string[] = [];
        const run = await profileInSandbox(services, { program: app, workspaceFolder: project, helpersDir: findPythonHelpersDir(), engine, gateDirs: world.dirs, onProgress: (m) => progress.push(m) });
        assert.equal(run.report.exitCode, 0, run.stderr);
        assert.match(run.stdout, /hello, sandbox/);
        assert.equal(run.dependencyNotes.length, 2, run.dependencyNotes.join('\n'));
        assert.equal(run.dependencyNotes[0], "installed 1 verified package from the workspace's .venv (cached wheels, no index): spfx-benign 1.0.0");
        assert.match(run.dependencyNotes[1], /^not provided: six [\d.]+: never verified by the gate; validate it: `snakepit validate six==[\d.]+`$/);
        assert.ok(run.dependencyNotes.every((n) => progress.includes(n)), 'reported as progress while it runs');
        assert.deepEqual(await services.manager.list(), []);
      });
    });
  }
});
