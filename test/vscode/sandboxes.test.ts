import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SnakepitApi } from '../../src/extension';
import type { SandboxTreeNode } from '../../src/vscode/sandbox/sandboxTree';

const NAME = `vscode-test-${process.pid}`;

describe('Sandboxes view in a real VS Code (bubblewrap engine)', function () {
  this.timeout(120_000);
  let api: SnakepitApi;

  before(async function () {
    api = (await vscode.extensions.getExtension('snakepit.snakepit')!.activate()) as SnakepitApi;
  });

  after(async () => {
    const leftover = (await api.sandboxTree.getChildren()).find((n) => n.kind === 'sandbox' && n.record.name === NAME);
    if (leftover) await vscode.commands.executeCommand('snakepit.sandbox.destroy', leftover, true);
  });

  async function sandboxNode(): Promise<Extract<SandboxTreeNode, { kind: 'sandbox' }>> {
    const roots = await api.sandboxTree.getChildren();
    const node = roots.find((n) => n.kind === 'sandbox' && n.record.name === NAME);
    assert.ok(node && node.kind === 'sandbox', `the tree shows ${NAME}: ${JSON.stringify(roots.map((n) => n.kind === 'sandbox' && n.record.name))}`);
    return node;
  }

  it('creates a sandbox that the tree shows with its engine', async () => {
    const created = await vscode.commands.executeCommand<string>('snakepit.sandbox.create', { name: NAME, engine: 'bubblewrap' });
    assert.equal(created, NAME);
    const node = await sandboxNode();
    const item = api.sandboxTree.getTreeItem(node);
    assert.equal(item.label, NAME);
    assert.match(String(item.description), /^bubblewrap · /);
  });

  it('shows a snapshot under the sandbox and rolls back to it through executeCommand', async () => {
    await vscode.commands.executeCommand('snakepit.sandbox.exec', await sandboxNode(), 'echo before > state.txt');
    const snapshot = await vscode.commands.executeCommand<{ id: string }>('snakepit.sandbox.snapshot', await sandboxNode(), 'clean');
    assert.ok(snapshot?.id);
    const groups = await api.sandboxTree.getChildren(await sandboxNode());
    const snapshotsGroup = groups.find((g) => g.kind === 'group' && g.group === 'snapshots')!;
    const snapshots = await api.sandboxTree.getChildren(snapshotsGroup);
    assert.deepEqual(snapshots.map((s) => s.kind === 'snapshot' && s.snapshot.label), ['clean']);

    await vscode.commands.executeCommand('snakepit.sandbox.exec', await sandboxNode(), 'echo after > state.txt && touch extra.txt');
    await vscode.commands.executeCommand('snakepit.sandbox.rollback', snapshots[0]);
    const result = await vscode.commands.executeCommand<{ stdout: string }>('snakepit.sandbox.exec', await sandboxNode(), 'cat state.txt; ls');
    assert.match(result.stdout, /^before\n/);
    assert.doesNotMatch(result.stdout, /extra\.txt/);
  });

  it('lists recent audit events under the sandbox', async () => {
    const groups = await api.sandboxTree.getChildren(await sandboxNode());
    const events = await api.sandboxTree.getChildren(groups.find((g) => g.kind === 'group' && g.group === 'events')!);
    const operations = events.map((e) => (e.kind === 'event' ? e.entry.operation : ''));
    assert.ok(operations.includes('rollback') && operations.includes('snapshot') && operations.includes('create'), operations.join());
  });

  it('opens a terminal whose process runs inside the sandbox', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('snakepit.sandbox.openTerminal', await sandboxNode());
    assert.equal(terminal.name, `snakepit:${NAME}`);
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.match(String(options.shellPath), /bwrap|prlimit|sh$/);
    // bwrap's options reach it in a file on a descriptor (its command line names no host path): read that file.
    const args = (options.shellArgs ?? []) as string[];
    const optionsFile = args[args.findIndex((a) => a.endsWith('/bwrap')) + 1];
    const bwrapOptions = fs.readFileSync(optionsFile, 'utf8').split('\0');
    assert.ok(bwrapOptions.includes('--unshare-net'), JSON.stringify(bwrapOptions));
    assert.ok(bwrapOptions.includes(`(snakepit:${NAME}) $ `), 'the prompt names the sandbox');
    terminal.dispose();
  });

  it('destroys it, and the tree no longer shows it', async () => {
    await vscode.commands.executeCommand('snakepit.sandbox.destroy', await sandboxNode(), true);
    const roots = await api.sandboxTree.getChildren();
    assert.ok(!roots.some((n) => n.kind === 'sandbox' && n.record.name === NAME));
  });
});
