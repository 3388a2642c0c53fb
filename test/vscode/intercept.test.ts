import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { treeHash } from '../support/fileTree';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { installLogFile, JsonlInstallRecorder } from '../../src/core/intercept/installRecorder';
import type { SnakepitApi } from '../../src/extension';
import { FIXTURES } from '../fixtures/packages/build';
import { readSourceTree } from '../fixtures/packages/distFiles';
import { buildWheel } from '../fixtures/packages/wheel';
import { configuredIndex } from './support/pipIndex';

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}


/** The CLI's state directory as the shims' CLI computes it (src/cli/paths.ts): code-server gives the window its own XDG dirs. */
const cliStateDir = () => path.join(process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'snakepit');

describe('Terminal interception in a real VS Code (integrated bash terminal, bubblewrap engine)', function () {
  this.timeout(900_000);
  let api: SnakepitApi;
  let project: string;
  let venv: string;
  let fixtures: string;
  let index: string;
  const terminals: vscode.Terminal[] = [];
  const intercept = () => api.intercept ?? assert.fail('terminal interception is registered (not on Windows)');

  /**
   * Types `command` into a new integrated terminal in the project (as a person would, after activating its venv),
   * with its output and exit code written to files the test reads; resolves with both once the command is done.
   */
  async function typeInTerminal(name: string, command: string, timeoutMs: number): Promise<{ code: number; output: string }> {
    const out = path.join(project, `${name}.out`);
    const code = path.join(project, `${name}.code`);
    const terminal = vscode.window.createTerminal({ name: `snakepit-${name}`, cwd: project, shellPath: 'bash' });
    terminals.push(terminal);
    terminal.show();
    await terminal.processId;
    terminal.sendText('. .venv/bin/activate');
    terminal.sendText(`{ ${command} ; } > ${out} 2>&1; echo $? > ${code}.tmp && mv ${code}.tmp ${code}`);
    await until(`${name} to finish in the terminal`, () => fs.existsSync(code), timeoutMs);
    return { code: Number(fs.readFileSync(code, 'utf8').trim()), output: fs.readFileSync(out, 'utf8') };
  }

  before(async function () {
    this.timeout(300_000);
    api = (await vscode.extensions.getExtension('snakepit.snakepit')!.activate()) as SnakepitApi;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace folder is open');
    project = path.join(folder.uri.fsPath, 'intercept-project');
    venv = path.join(project, '.venv');
    fs.mkdirSync(project, { recursive: true });
    // The gate's settings for commands without flags: the project's own file.
    fs.writeFileSync(path.join(project, 'snakepit.toml'), '[gate]\nengine = "bubblewrap"\n');
    // Not execFileSync: the extension host shares this thread and must stay responsive.
    await promisify(execFile)('python3', ['-m', 'venv', venv]);
    fixtures = path.join(project, 'fixtures');
    fs.mkdirSync(fixtures);
    const sources = path.join(vscode.extensions.getExtension('snakepit.snakepit')!.extensionPath, 'test', 'fixtures', 'packages', 'src');
    const spec = FIXTURES['net-at-import'];
    const wheel = buildWheel({ name: spec.name, version: spec.version, summary: spec.summary, files: readSourceTree(path.join(sources, 'net-at-import')), topLevel: spec.modules });
    fs.writeFileSync(path.join(fixtures, wheel.filename), wheel.data);
    const configured = configuredIndex();
    assert.ok(configured, 'pip is configured with a local index on this machine (pip config list)');
    index = configured;
  });

  after(async () => {
    for (const terminal of terminals) terminal.dispose();
    await vscode.workspace.getConfiguration('snakepit.intercept').update('terminals', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(project, { recursive: true, force: true });
  });

  it('puts the shims first on PATH of new terminals by default, says so in the status bar, and describes itself', () => {
    assert.equal(intercept().guard.active, true);
    assert.equal(intercept().statusBar.text, '$(shield) pip guarded');
    const collection = intercept().guard.collection;
    const pathMutator = collection.get('PATH');
    assert.equal(pathMutator?.type, vscode.EnvironmentVariableMutatorType.Prepend);
    assert.equal(pathMutator?.value, `${intercept().guard.shimDir}${path.delimiter}`);
    assert.match(JSON.stringify(collection.description), /package gate/, 'the terminal\'s environment hover says what changed PATH');
    // The shims start this extension's own CLI.
    const shim = fs.readFileSync(path.join(intercept().guard.shimDir, 'pip'), 'utf8');
    assert.ok(shim.includes(path.join(vscode.extensions.getExtension('snakepit.snakepit')!.extensionPath, 'dist', 'cli.js')), shim);
  });

  it('the Python Environments extension is absent here: nothing is registered and nothing breaks', async () => {
    assert.equal(vscode.extensions.getExtension('ms-python.vscode-python-envs'), undefined);
    assert.equal(await intercept().pythonEnvs, undefined);
  });

  it('`pip install <hostile package>` typed in a terminal (venv activated) is refused with exit 1 and the venv is unchanged', async () => {
    const before = treeHash(venv);
    const name = FIXTURES['net-at-import'].name;
    const run = await typeInTerminal('hostile', `pip install -i ${index} --find-links ${fixtures} ${name}==1.0.0`, 600_000);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, new RegExp(`verdict FAIL[\\s\\S]*${name} 1\\.0\\.0: FAIL[\\s\\S]*SPK301[\\s\\S]*refused: nothing was installed; ${venv} is unchanged`));
    assert.equal(treeHash(venv), before, 'the venv is byte-identical');
  });

  it('a task\'s `pip install <hostile package>` fails the task with exit 1 (tasks\' terminals get the shims too)', async () => {
    const before = treeHash(venv);
    const folder = vscode.workspace.workspaceFolders![0];
    const command = `. .venv/bin/activate && pip install -i ${index} --find-links ${fixtures} ${FIXTURES['net-at-import'].name}==1.0.0`;
    const task = new vscode.Task({ type: 'shell' }, folder, 'hostile install', 'snakepit-test', new vscode.ShellExecution(`${command} > task.out 2>&1`, { cwd: project }));
    const ended = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.name !== 'hostile install') return;
        listener.dispose();
        resolve(event.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    const exitCode = await Promise.race([ended, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 600_000))]);
    const output = fs.readFileSync(path.join(project, 'task.out'), 'utf8');
    assert.equal(exitCode, 1, output);
    assert.match(output, /refused: nothing was installed/);
    assert.equal(treeHash(venv), before, 'the venv is byte-identical');
  });

  it('`pip install six` typed in a terminal installs six into the venv, recorded as verified', async () => {
    const run = await typeInTerminal('benign', `pip install -i ${index} six && python -c 'import six; print("imported six", six.__version__)'`, 600_000);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /installed 1 verified package\(s\) into .*: six==[\d.]+/);
    assert.match(run.output, /imported six [\d.]+/);
    const state = new JsonlInstallRecorder(installLogFile(cliStateDir())).stateOf(venv);
    assert.equal(state.get('six')?.state, 'verified', JSON.stringify([...state]));
  });

  it('the status-bar command turns it off for new terminals (their pip is the real one) and on again', async () => {
    await vscode.commands.executeCommand('snakepit.intercept.toggle');
    await until('the guard to go off', () => !intercept().guard.active);
    assert.equal(intercept().statusBar.text, '$(circle-slash) pip not guarded');
    assert.equal(vscode.workspace.getConfiguration('snakepit.intercept').get('terminals'), false);
    const off = await typeInTerminal('off', 'type pip; echo "PATH=$PATH"', 120_000);
    assert.match(off.output, new RegExp(`pip is ${venv}/bin/pip`), off.output);
    assert.ok(!off.output.includes(intercept().guard.shimDir), off.output);

    await vscode.commands.executeCommand('snakepit.intercept.toggle');
    await until('the guard to come back', () => intercept().guard.active);
    assert.equal(intercept().statusBar.text, '$(shield) pip guarded');
    const on = await typeInTerminal('on', 'type pip; echo "PATH=$PATH"', 120_000);
    assert.match(on.output, /pip is a function/, 'bash keeps pip on the shims after the venv was activated');
    assert.ok(on.output.includes(`PATH=${venv}/bin${path.delimiter}${intercept().guard.shimDir}${path.delimiter}`), on.output);
  });
});
