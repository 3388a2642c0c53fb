import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DidChangePackagesEventArgs, Package, PackageInfo, PackageManager, PythonEnvironment } from '@vscode/python-environments';
import { GATED_PIP_NAME, registerGatedPip, type GatedPipOptions, type PythonEnvsApi } from '../../../src/vscode/intercept/gatedPipManager';
import { bundledCliLauncher } from '../../../src/vscode/intercept/cliLauncher';

const EXTENSION_ID = 'snakepit.snakepit';

/** The two calls of the Python Environments API the registration uses, as that extension answers them (typed by its published API). */
class FakePythonEnvs implements PythonEnvsApi {
  readonly managers: Array<{ manager: PackageManager; extensionId?: string; disposed: boolean }> = [];
  registerPackageManager(manager: PackageManager, options?: { extensionId?: string }) {
    const entry = { manager, extensionId: options?.extensionId, disposed: false };
    this.managers.push(entry);
    return { dispose: () => void (entry.disposed = true) };
  }
  createPackageItem(info: PackageInfo, environment: PythonEnvironment, manager: PackageManager): Package {
    return { ...info, pkgId: { id: info.name, managerId: `${EXTENSION_ID}:${manager.name}`, environmentId: environment.envId.id } };
  }
}

/** A venv made in milliseconds: no pip of its own, the base interpreter's pip through system site-packages (so `python -m pip list` is real). */
function makeVenv(dir: string): PythonEnvironment {
  execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', dir]);
  const python = path.join(dir, 'bin', 'python');
  return {
    envId: { id: dir, managerId: 'ms-python.python:venv' },
    name: 'venv',
    displayName: 'venv',
    displayPath: dir,
    version: '3',
    environmentPath: { fsPath: dir } as PythonEnvironment['environmentPath'],
    execInfo: { run: { executable: python } },
    sysPrefix: dir,
  };
}

function sitePackages(venv: string): string {
  const lib = path.join(venv, 'lib');
  return path.join(lib, fs.readdirSync(lib)[0], 'site-packages');
}

describe('the gated pip for the Python Environments extension (registerPackageManager, against its published API types)', function () {
  this.timeout(60_000);
  let dir: string;
  let venv: string;
  let environment: PythonEnvironment;
  let api: FakePythonEnvs;
  let logged: string[];
  let progress: string[];
  let fired: DidChangePackagesEventArgs[];
  let questions: Array<[string, string]>;
  let answer: boolean;

  /** A stand-in for dist/cli.js: records how it was started; `behaviour` is its body (it may print, change the venv, exit). */
  function fakeCli(behaviour: string): string {
    const cli = path.join(dir, `cli-${Math.random().toString(36).slice(2)}.js`);
    fs.writeFileSync(
      cli,
      `const fs = require('fs'), path = require('path');
const seen = JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), real: process.env.SNAKEPIT_SHIM_REAL, name: process.env.SNAKEPIT_SHIM_NAME, electron: process.env.ELECTRON_RUN_AS_NODE, shimElectron: process.env.SNAKEPIT_SHIM_ELECTRON, allowWarn: process.env.SNAKEPIT_ALLOW_WARN });
fs.writeFileSync(${JSON.stringify(path.join(dir, 'call.json'))}, seen);
fs.appendFileSync(${JSON.stringify(path.join(dir, 'calls.jsonl'))}, seen + '\\n');
${behaviour}`,
    );
    return cli;
  }

  function register(cli: string, launcherEnv?: Record<string, string>) {
    const listeners: Array<(e: DidChangePackagesEventArgs) => void> = [];
    const options: GatedPipOptions = {
      launcher: { node: process.execPath, cli, env: launcherEnv },
      extensionId: EXTENSION_ID,
      cwdFor: () => dir,
      log: { info: (l) => logged.push(l), error: (l) => logged.push(`ERROR ${l}`) },
      changes: {
        event: (listener) => {
          listeners.push(listener);
          return { dispose: () => undefined };
        },
        fire: (change) => listeners.forEach((l) => l(change)),
      },
      withProgress: (title, task) => {
        progress.push(title);
        return task();
      },
      confirmWarn: async (question, detail) => {
        questions.push([question, detail]);
        return answer;
      },
    };
    const { manager, registration } = registerGatedPip(api, options);
    manager.onDidChangePackages((e) => fired.push(e));
    return { manager, registration };
  }

  const call = () => JSON.parse(fs.readFileSync(path.join(dir, 'call.json'), 'utf8')) as { argv: string[]; cwd: string; real: string; name: string; electron?: string; shimElectron?: string };

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-gated-pip-')));
    venv = path.join(dir, 'venv');
    environment = makeVenv(venv);
    api = new FakePythonEnvs();
    logged = [];
    progress = [];
    fired = [];
    questions = [];
    answer = false;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('registers one package manager named pip under the extension id; disposing unregisters it', () => {
    const { registration } = register(fakeCli(''));
    assert.equal(api.managers.length, 1);
    assert.equal(api.managers[0].manager.name, GATED_PIP_NAME);
    assert.match(api.managers[0].manager.name, /^[a-zA-Z0-9_-]+$/, 'the API allows a-z, A-Z, 0-9, - and _ only');
    assert.equal(api.managers[0].extensionId, EXTENSION_ID);
    registration.dispose();
    assert.equal(api.managers[0].disposed, true);
  });

  it('installs through `snakepit python -m pip install` with the environment\'s interpreter as the real tool, in the project folder', async () => {
    const { manager } = register(fakeCli(''), bundledCliLauncher('/ext', { execPath: process.execPath, electron: '35.0.0' }).env);
    await manager.manage(environment, { install: ['six==1.16.0', 'idna'], upgrade: true });
    const seen = call();
    assert.deepEqual(seen.argv, ['python', '-m', 'pip', 'install', '--upgrade', 'six==1.16.0', 'idna']);
    assert.equal(seen.real, path.join(venv, 'bin', 'python'));
    assert.equal(seen.name, 'python');
    assert.equal(seen.cwd, dir);
    assert.equal(seen.electron, '1', 'Electron runs the CLI as node');
    assert.equal(seen.shimElectron, '1', 'and the CLI knows to drop ELECTRON_RUN_AS_NODE for the real pip');
    assert.deepEqual(progress, ['Validating and installing six==1.16.0, idna']);
  });

  it('uninstalls through pip unchanged (a pass-through command of the CLI)', async () => {
    const { manager } = register(fakeCli(''));
    await manager.manage(environment, { uninstall: ['six'] });
    assert.deepEqual(call().argv, ['python', '-m', 'pip', 'uninstall', '--yes', 'six']);
  });

  it('a refused install rejects with the failed package and the gate\'s conclusion, and the log has every line', async () => {
    const refusal = [
      'snakepit: verdict FAIL',
      '  ✗ spfx-net 1.0.0: FAIL (score 100)',
      '      SPK301 high: opened a network connection at import',
      `snakepit: refused: nothing was installed; ${venv} is unchanged.`,
      'snakepit: report: /tmp/report.json',
    ];
    const { manager } = register(fakeCli(`process.stderr.write(${JSON.stringify(refusal.join('\n') + '\n')}); process.exitCode = 1;`));
    await assert.rejects(manager.manage(environment, { install: ['spfx-net==1.0.0'] }), (error: Error) => {
      assert.match(error.message, /spfx-net 1\.0\.0: FAIL \(score 100\); refused: nothing was installed; .* is unchanged\. \(exit 1\)/);
      return true;
    });
    for (const line of refusal) assert.ok(logged.includes(line), `logged: ${line}`);
    assert.deepEqual(fired, [], 'nothing changed, nothing announced');
  });

  describe('a WARN verdict (the CLI has no terminal to ask on)', () => {
    const warnOnce = `if (process.env.SNAKEPIT_ALLOW_WARN !== '1') {
  process.stderr.write(['snakepit: verdict WARN', '  ! spfx-typo 1.0.0: WARN (score 40)', '      SPK401 medium: the name is one edit away from requests', 'snakepit: not installed: the verdict is WARN and there is no terminal to confirm it on (set SNAKEPIT_ALLOW_WARN=1 to install warned packages); the venv is unchanged. Report: /tmp/r.json', ''].join('\\n'));
  process.exitCode = 1;
}`;
    const calls = () => fs.readFileSync(path.join(dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { argv: string[]; allowWarn?: string });

    it('is put to the user with the package and its reasons; yes runs the same install again allowing warnings', async () => {
      answer = true;
      const { manager } = register(fakeCli(warnOnce));
      await manager.manage(environment, { install: ['spfx-typo'] });
      assert.deepEqual(questions, [["Install spfx-typo 1.0.0 (score 40) despite the gate's WARN verdict?", 'SPK401 medium: the name is one edit away from requests']]);
      assert.deepEqual(calls().map((c) => [c.argv.join(' '), c.allowWarn]), [
        ['python -m pip install spfx-typo', undefined],
        ['python -m pip install spfx-typo', '1'],
      ]);
    });

    it('no leaves it refused, run once', async () => {
      const { manager } = register(fakeCli(warnOnce));
      await assert.rejects(manager.manage(environment, { install: ['spfx-typo'] }), /not installed: the verdict is WARN/);
      assert.equal(questions.length, 1);
      assert.equal(calls().length, 1);
    });

    it('a FAIL is never put to the user', async () => {
      answer = true;
      const { manager } = register(fakeCli(`process.stderr.write('snakepit: verdict FAIL\\n  ✗ spfx-net 1.0.0: FAIL (score 100)\\nsnakepit: refused: nothing was installed; the venv is unchanged.\\n'); process.exitCode = 1;`));
      await assert.rejects(manager.manage(environment, { install: ['spfx-net'] }), /refused/);
      assert.deepEqual(questions, []);
      assert.equal(calls().length, 1);
    });
  });

  it('lists the environment\'s packages with real pip, as the API\'s package items', async () => {
    const { manager } = register(fakeCli(''));
    const packages = await manager.getPackages(environment);
    assert.ok(packages, logged.join('\n'));
    const pip = packages.find((p) => p.name === 'pip');
    assert.ok(pip, 'the base interpreter\'s pip is visible through system site-packages');
    assert.equal(pip.pkgId.managerId, `${EXTENSION_ID}:pip`);
    assert.equal(pip.pkgId.environmentId, venv);
  });

  it('announces what an install added (onDidChangePackages), from the environment as pip lists it after', async () => {
    const distInfo = path.join(sitePackages(venv), 'spfx_benign-1.0.0.dist-info');
    const install = `fs.mkdirSync(${JSON.stringify(distInfo)}, { recursive: true }); fs.writeFileSync(path.join(${JSON.stringify(distInfo)}, 'METADATA'), 'Metadata-Version: 2.1\\nName: spfx-benign\\nVersion: 1.0.0\\n');`;
    const { manager } = register(fakeCli(install));
    await manager.manage(environment, { install: ['spfx-benign'] });
    assert.equal(fired.length, 1);
    assert.equal(fired[0].manager, manager);
    assert.deepEqual(
      fired[0].changes.map((c) => [c.kind, c.pkg.name, c.pkg.version]),
      [['add', 'spfx-benign', '1.0.0']],
    );
  });
});

describe('bundledCliLauncher', () => {
  it('runs dist/cli.js beside the extension with node as it is, or with Electron as node', () => {
    assert.deepEqual(bundledCliLauncher('/ext', { execPath: '/usr/bin/node' }), { node: '/usr/bin/node', cli: path.join('/ext', 'dist', 'cli.js') });
    assert.deepEqual(bundledCliLauncher('/ext', { execPath: '/opt/code/code', electron: '35.5.1' }), {
      node: '/opt/code/code',
      cli: path.join('/ext', 'dist', 'cli.js'),
      env: { ELECTRON_RUN_AS_NODE: '1', SNAKEPIT_SHIM_ELECTRON: '1' },
    });
  });
});
