import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { listing } from '../support/fileTree';
import type { HistoryRecord } from '../../src/core/environments';
import type { ValidationReport } from '../../src/core/packages/gate/report';
import { findLocalIndex, localIndexPipArgs } from '../../src/core/debug/localIndex';
import type { SnakepitApi } from '../../src/extension';
import type { EnvironmentNode } from '../../src/vscode/environments/environmentsTree';

// Not execFileSync: the extension host shares this thread and must stay responsive.
const run = async (file: string, args: string[]) => (await promisify(execFile)(file, args, { encoding: 'utf8' })).stdout;


async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Of<K extends EnvironmentNode['kind']> = Extract<EnvironmentNode, { kind: K }>;

describe('Environments view in a real VS Code (a real .venv, the gate on bubblewrap, the configured local index)', function () {
  this.timeout(300_000);
  let api: SnakepitApi;
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const venv = path.join(folder, '.venv');
  const python = path.join(venv, 'bin', 'python');
  // code-server runs with a throwaway HOME: pip's configuration is read from the user's own home.
  const index = findLocalIndex({ ...process.env, XDG_CONFIG_HOME: undefined }, os.userInfo().homedir);
  const gateSettings = () => vscode.workspace.getConfiguration('snakepit.gate');
  const freeze = () => run(python, ['-B', '-m', 'pip', 'freeze', '--all']);
  const tree = () => api.environments.tree;
  /** The venv as the gate left it (after six), before the plain pip install. */
  let beforePlainPip: { files: string[]; freeze: string } | undefined;

  async function environmentNode(): Promise<Of<'environment'>> {
    const groups = await tree().getChildren();
    const workspace = groups.find((g) => g.kind === 'group' && g.group === 'workspace');
    assert.ok(workspace, `a Workspace group: ${JSON.stringify(groups)}`);
    const envs = await tree().getChildren(workspace);
    const node = envs.find((n): n is Of<'environment'> => n.kind === 'environment' && fs.realpathSync(n.environment.prefix) === fs.realpathSync(venv));
    assert.ok(node, `the Workspace group shows .venv: ${envs.map((n) => n.kind === 'environment' && n.environment.prefix).join(', ')}`);
    return node;
  }

  async function packageItems(): Promise<Map<string, vscode.TreeItem>> {
    const children = await tree().getChildren(await environmentNode());
    const items = new Map<string, vscode.TreeItem>();
    for (const node of children) if (node.kind === 'distribution') items.set(node.distribution.name.toLowerCase(), await tree().getTreeItem(node));
    return items;
  }

  async function historyEntries(): Promise<Array<Of<'entry'>>> {
    const history = (await tree().getChildren(await environmentNode())).find((n) => n.kind === 'history');
    assert.ok(history, 'a History node under the environment');
    return (await tree().getChildren(history)).filter((n): n is Of<'entry'> => n.kind === 'entry');
  }

  const iconOf = (item: vscode.TreeItem | undefined) => (item?.iconPath as vscode.ThemeIcon | undefined)?.id;

  before(async () => {
    api = (await vscode.extensions.getExtension('snakepit.snakepit')!.activate()) as SnakepitApi;
    await gateSettings().update('engine', 'bubblewrap', vscode.ConfigurationTarget.Global);
    // Without an index-url pip would also try pypi.org, which this machine cannot reach.
    assert.ok(index.indexUrls.length > 0, "pip's configuration names a local index");
    await gateSettings().update('indexUrl', index.indexUrls[0], vscode.ConfigurationTarget.Global);
    await run('python3', ['-m', 'venv', venv]);
  });

  after(async () => {
    await gateSettings().update('engine', undefined, vscode.ConfigurationTarget.Global);
    await gateSettings().update('indexUrl', undefined, vscode.ConfigurationTarget.Global);
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('snakepit:')) terminal.dispose();
    // The other suites make their own .venv.
    fs.rmSync(venv, { recursive: true, force: true });
    await vscode.commands.executeCommand('snakepit.environments.refresh');
  });

  it('shows the fresh .venv in the Workspace group, marked active, with a baseline history entry and drift against requirements.txt', async () => {
    await vscode.commands.executeCommand('snakepit.environments.refresh');
    const node = await environmentNode();
    const item = await tree().getTreeItem(node);
    assert.equal(item.label, '.venv');
    assert.match(String(item.description), /^active · Python 3\./, 'the .venv is where validated packages go');
    // The view may have looked while `python3 -m venv` was still installing pip: later entries are external.
    const entries = await historyEntries();
    assert.deepEqual([entries.at(-1)?.entry.id, entries.at(-1)?.entry.kind], [1, 'baseline']);
    assert.deepEqual(entries.slice(0, -1).map((e) => e.entry.kind).filter((k) => k !== 'external'), []);
    assert.equal(entries[0].current, true);
    // The fixture's requirements.txt declares requests: declared, not installed.
    const missing = (await tree().getChildren(node)).find((n) => n.kind === 'missing' && n.item.name === 'requests');
    assert.ok(missing, 'requests is marked as declared but not installed');
    assert.match(String((await tree().getTreeItem(missing)).description), /^declared, not installed · ==2\.32\.3$/);
    const pip = (await packageItems()).get('pip');
    assert.equal(iconOf(pip), 'question', 'pip came with the venv: the gate never saw it');
  });

  it('a package installed through the gate is verified, with its verdict and date in the tooltip; the status bar counts it', async () => {
    const unverifiedBefore = (await api.environments.model.state((await environmentNode()).environment)).counts.unverified;
    const report = await vscode.commands.executeCommand<ValidationReport | undefined>('snakepit.gate.install', { specs: ['six==1.17.0'] }, { python });
    assert.ok(report?.installed, `installed through the gate: ${JSON.stringify(report?.packages.map((p) => [p.name, p.verdict]))}`);
    await vscode.commands.executeCommand('snakepit.environments.refresh');
    const six = (await packageItems()).get('six');
    assert.ok(six, 'six is listed');
    assert.equal(iconOf(six), 'pass');
    assert.equal(((six.iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'testing.iconPassed');
    assert.equal(six.description, '1.17.0 · verified · not declared');
    assert.match(String(six.tooltip), /Gate verdict: pass, score \d+, validated \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.equal(six.contextValue, 'environmentPackage.verified');
    const expected = `$(package) ✓ 1 · ? ${unverifiedBefore} · ✗ 0`;
    await until(`the status bar to read ${expected} (it reads ${api.environments.statusBar.text})`, () => api.environments.statusBar.text === expected);
    const entries = await historyEntries();
    assert.deepEqual([entries[0].entry.kind, entries[0].entry.what], ['external', '+six 1.17.0'], 'the gate install, found by the fingerprint');
    const sixNode = (await tree().getChildren(await environmentNode())).find((n) => n.kind === 'distribution' && n.distribution.name === 'six');
    const revealed = await vscode.commands.executeCommand<{ name: string; version: string; verdict: string } | undefined>('snakepit.environments.revealValidation', sixNode);
    assert.deepEqual([revealed?.name, revealed?.version, revealed?.verdict], ['six', '1.17.0', 'pass'], 'the verdict is revealed in the Validations view');
  });

  it('a plain pip install is noticed by the watcher: unverified in the view, one more ? in the status bar, an external history entry', async () => {
    const unverifiedBefore = (await api.environments.model.state((await environmentNode()).environment)).counts.unverified;
    beforePlainPip = { files: listing(venv), freeze: await freeze() };
    await run(python, ['-m', 'pip', 'install', '-q', ...localIndexPipArgs(index), 'tabulate']);
    // No refresh here: the FileSystemWatcher on the dist-info directories must see it.
    const expected = `$(package) ✓ 1 · ? ${unverifiedBefore + 1} · ✗ 0`;
    const watcher = api.environments.watcher;
    await until(`the status bar to read ${expected} (it reads ${api.environments.statusBar.text}; ${watcher.events} file events in ${watcher.directories.join(', ')})`, () => api.environments.statusBar.text === expected);
    const tabulate = (await packageItems()).get('tabulate');
    assert.ok(tabulate, 'tabulate is listed');
    assert.equal(iconOf(tabulate), 'question');
    assert.match(String(tabulate.description), /^\S+ · unverified · not declared$/);
    assert.match(String(tabulate.tooltip), /unverified: the gate never judged these files/);
    const entries = await historyEntries();
    assert.equal(entries[0].entry.kind, 'external');
    assert.match(entries[0].entry.what, /^\+tabulate /);
    assert.equal(entries[0].current, true);
  });

  it('Verify Unverified Packages sends them through the gate by exact version: tabulate becomes verified, nothing is installed', async () => {
    const freezeBefore = await freeze();
    const sent = await vscode.commands.executeCommand<string[] | undefined>('snakepit.environments.verify', await environmentNode());
    assert.ok(sent?.some((s) => /^tabulate==/.test(s)), JSON.stringify(sent));
    const state = await api.environments.model.state((await environmentNode()).environment);
    const tabulate = state.distributions.find((d) => d.name === 'tabulate');
    assert.equal(tabulate?.verification.state, 'verified', JSON.stringify(tabulate?.verification));
    assert.equal(await freeze(), freezeBefore, 'verifying installs nothing');
  });

  it('rolling back to the entry before the plain pip install removes it, byte-exact (files, modes, pip freeze)', async () => {
    assert.ok(beforePlainPip, 'the state before the plain pip install was taken');
    const target = (await historyEntries()).find((e) => e.entry.what === '+six 1.17.0');
    assert.ok(target, 'the entry of the gate install is listed');
    const record = await vscode.commands.executeCommand<HistoryRecord | undefined>('snakepit.environments.rollback', target, true);
    assert.equal(record?.kind, 'rollback', 'the command returns the rollback entry (see the Snakepit log otherwise)');
    assert.deepEqual(listing(venv), beforePlainPip.files, 'every file, directory and link with its mode and content is as it was');
    assert.equal(await freeze(), beforePlainPip.freeze);
    assert.doesNotMatch(beforePlainPip.freeze, /^tabulate==/m);
    await vscode.commands.executeCommand('snakepit.environments.refresh');
    const items = await packageItems();
    assert.ok(!items.has('tabulate'), 'the view no longer lists tabulate');
    assert.equal(iconOf(items.get('six')), 'pass', 'six is still verified');
    const entries = await historyEntries();
    assert.equal(entries[0].entry.kind, 'rollback');
    assert.match(entries[0].entry.what, new RegExp(`after entry ${target.entry.id}$`));
  });

  it('saves the environment as a lock with the verified hash, and loading it after a plain uninstall puts it back exactly', async () => {
    const lock = path.join(os.tmpdir(), `snakepit-env-${process.pid}.lock`);
    try {
      const saved = await vscode.commands.executeCommand<{ file: string; distributions: number } | undefined>('snakepit.environments.save', await environmentNode(), vscode.Uri.file(lock));
      assert.equal(saved?.file, lock);
      assert.match(fs.readFileSync(lock, 'utf8'), /^six==1\.17\.0 \\\n {4}--hash=sha256:[0-9a-f]{64}$/m);
      const atSave = { files: listing(venv), freeze: await freeze() };
      await run(python, ['-m', 'pip', 'uninstall', '-q', '-y', 'six']);
      assert.doesNotMatch(await freeze(), /^six==/m);
      const record = await vscode.commands.executeCommand<HistoryRecord | undefined>('snakepit.environments.load', await environmentNode(), vscode.Uri.file(lock), true);
      assert.equal(record?.kind, 'load');
      assert.deepEqual(listing(venv), atSave.files);
      assert.equal(await freeze(), atSave.freeze);
    } finally {
      fs.rmSync(lock, { force: true });
      fs.rmSync(`${lock}.json`, { force: true });
    }
  });

  it('opens a terminal in the environment whose startup activates it with the prompt (snakepit:.venv)', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('snakepit.environments.openTerminal', await environmentNode());
    assert.equal(terminal.name, 'snakepit:.venv');
    const options = terminal.creationOptions as vscode.TerminalOptions;
    const args = (options.shellArgs ?? []) as string[];
    const startup = args.includes('--rcfile') ? args[args.indexOf('--rcfile') + 1] : args.includes('--init-command') ? args[args.indexOf('--init-command') + 1].replace(/^source "(.*)"$/, '$1') : path.join(String(options.env?.ZDOTDIR), '.zshrc');
    const text = fs.readFileSync(startup, 'utf8');
    assert.ok(text.includes(`VIRTUAL_ENV='${venv}'`) || text.includes(`VIRTUAL_ENV '${venv}'`), text);
    assert.ok(text.includes('(snakepit:.venv) '), text);
    terminal.dispose();
  });
});
