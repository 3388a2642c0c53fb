import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { treeHash } from '../../support/fileTree';
import { JsonlInstallRecorder, installLogFile } from '../../../src/core/intercept/installRecorder';
import { FIXTURES } from '../../fixtures/packages/build';
import { makeGateWorld, type GateWorld } from '../packages/gateHelpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');


const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

describe('intercepted installs in real shells (bash, zsh, fish)', function () {
  this.timeout(600_000);
  let world: GateWorld;
  let venv: string;
  let env: NodeJS.ProcessEnv;
  let index: string;

  before(async function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node esbuild.js` first');
    world = await makeGateWorld('snakepit-intercept-');
    venv = path.join(world.root, 'venv');
    const made = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    index = `-i ${world.indexUrl} --find-links ${world.fixturesDir}`;
    // The gate's engine for commands without flags comes from SNAKEPIT_ENGINE; bubblewrap keeps the suite quick.
    env = { ...process.env, XDG_CACHE_HOME: world.dirs.cacheDir, XDG_STATE_HOME: world.dirs.stateDir, SNAKEPIT_ENGINE: 'bubblewrap', SNAKEPIT_QUIET: '1' };
    delete env.VIRTUAL_ENV;
  });

  after(() => {
    if (world) fs.rmSync(world.root, { recursive: true, force: true });
  });

  /** The shell's own startup for the shims, then a venv activated AFTER it (the order that steps around PATH-only guards), then the command. */
  function inShell(shell: 'bash' | 'zsh' | 'fish', command: string) {
    const script =
      shell === 'fish'
        ? `node ${CLI} shell-init fish | source; source ${venv}/bin/activate.fish; ${command}`
        : `eval "$(node ${CLI} shell-init ${shell})"; . ${venv}/bin/activate; ${command}`;
    return spawnSync(shell, ['-c', script], { encoding: 'utf8', env, cwd: world.root });
  }

  function refusedUnchanged(shell: 'bash' | 'zsh' | 'fish', command: string, fixture: keyof typeof FIXTURES) {
    if (!hasShell(shell)) throw new Error(`${shell} is not installed: apt-get install ${shell}`);
    const before = treeHash(venv);
    const run = inShell(shell, command);
    assert.equal(run.status, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, new RegExp(`verdict FAIL[\\s\\S]*${FIXTURES[fixture].name} 1\\.0\\.0: FAIL[\\s\\S]*refused: nothing was installed; ${venv} is unchanged[\\s\\S]*report: .*\\.json`));
    assert.equal(treeHash(venv), before, 'the venv is byte-identical');
  }

  it('bash: pip install of a hostile package is refused, exit 1, venv byte-identical', () => {
    refusedUnchanged('bash', `pip install ${index} ${FIXTURES['net-at-import'].name}==1.0.0`, 'net-at-import');
  });

  it('zsh: python -m pip install of a hostile package is refused the same way', () => {
    refusedUnchanged('zsh', `python -m pip install ${index} ${FIXTURES['exec-base64'].name}==1.0.0`, 'exec-base64');
  });

  it('fish: pip install -r with a hostile line is refused the same way', () => {
    const file = path.join(world.root, 'requirements-hostile.txt');
    fs.writeFileSync(file, `${FIXTURES['credential-read'].name}==1.0.0\n`);
    refusedUnchanged('fish', `pip install ${index} -r ${file}`, 'credential-read');
  });

  it('bash: snakepit intercept -- a script that activates the venv itself is still guarded; the exit code is the script\'s', () => {
    const before = treeHash(venv);
    const script = `. ${venv}/bin/activate && pip3 install ${index} ${FIXTURES['net-at-import'].name}==1.0.0; echo "pip said $?"; exit 3`;
    const run = spawnSync('node', [CLI, 'intercept', '--', 'bash', '-c', script], { encoding: 'utf8', env, cwd: world.root });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stdout, /pip said 1/);
    assert.equal(treeHash(venv), before);
  });

  it('zsh: a benign install goes in and is recorded as verified', () => {
    const run = inShell('zsh', `pip install ${index} ${FIXTURES.benign.name}==1.0.0 && python -c 'import spfx_benign; print("imported")'`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /imported/);
    assert.match(run.stderr, /installed 1 verified package\(s\) into .*: spfx-benign==1\.0\.0/);
    const state = new JsonlInstallRecorder(installLogFile(path.join(world.dirs.stateDir, 'snakepit'))).stateOf(venv);
    assert.equal(state.get('spfx-benign')?.state, 'verified');
    const history = spawnSync('node', [CLI, 'env', 'history', venv, '--format', 'json'], { encoding: 'utf8', env, cwd: world.root });
    assert.equal(history.status, 0, history.stderr);
    const entries = (JSON.parse(history.stdout) as { entries: Array<{ who: string; what: string }> }).entries;
    assert.ok(
      entries.some((e) => /intercepted/.test(e.who) && /spfx_benign-1\.0\.0/.test(e.what)),
      `the install is a transaction in the environment's history: ${JSON.stringify(entries)}`,
    );
  });

  it('fish: --snakepit-bypass runs the real pip and records the package as unverified', () => {
    const run = inShell('fish', `pip install --snakepit-bypass --no-index --find-links ${world.fixturesDir} ${FIXTURES['import-error'].name}==1.0.0`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Successfully installed spfx-import-error-1\.0\.0/);
    const state = new JsonlInstallRecorder(installLogFile(path.join(world.dirs.stateDir, 'snakepit'))).stateOf(venv);
    assert.equal(state.get('spfx-import-error')?.state, 'unverified');
    const audit = fs.readFileSync(path.join(world.dirs.stateDir, 'snakepit', 'audit.jsonl'), 'utf8');
    assert.match(audit, /"actor":"intercept".*"operation":"bypass".*spfx-import-error/);
  });

  // Every pip run costs seconds on a loaded machine: the full list in bash, two in the others.
  const passThrough = { bash: ['--version', 'list', 'show six-is-not-installed-here', 'frobnicate', 'install --dry-run --no-index six', 'help download'], zsh: ['--version', 'show six-is-not-installed-here'], fish: ['list --format=json', 'frobnicate'] };
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it(`${shell}: non-install commands give the real pip's output and exit code`, () => {
      const realPip = path.join(venv, 'bin', 'pip');
      for (const args of passThrough[shell]) {
        const real = spawnSync('sh', ['-c', `${realPip} ${args}`], { encoding: 'utf8', env, cwd: world.root });
        const shimmed = inShell(shell, `pip ${args}`);
        assert.equal(shimmed.status, real.status, `pip ${args} in ${shell}`);
        assert.equal(shimmed.stdout, real.stdout, `pip ${args} in ${shell}`);
        assert.equal(shimmed.stderr, real.stderr, `pip ${args} in ${shell}`);
      }
      // python without -m pip install is the real interpreter, unchanged.
      const py = inShell(shell, `python -c 'import sys; print(sys.executable, sys.prefix, sys.argv)' a b; python -c 'raise SystemExit(5)'`);
      assert.equal(py.status, 5);
      assert.equal(py.stdout, `${venv}/bin/python ${venv} ['-c', 'a', 'b']\n`);
    });
  }

  it('shell-init --check says guarded after shell-init, and names what steps around it once a venv is activated', () => {
    const guarded = spawnSync('bash', ['-c', `eval "$(node ${CLI} shell-init bash)"; node ${CLI} shell-init --check`], { encoding: 'utf8', env });
    assert.equal(guarded.status, 0, guarded.stdout);
    assert.match(guarded.stdout, /^guarded/);
    const stepped = inShell('bash', `node ${CLI} shell-init --check`);
    assert.equal(stepped.status, 1);
    assert.match(stepped.stdout, new RegExp(`pip: NOT guarded \\(${venv}/bin/pip\\)[\\s\\S]*shell functions from shell-init guard what is typed`));
  });
});
