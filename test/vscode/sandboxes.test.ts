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
    await vscode.commands.executeCommand('snakepit.sandbox.rollback', snapshots[0], true);
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

  it('lists installed packages once, again only after a change or on demand', async () => {
    const packagesGroup = async () => (await api.sandboxTree.getChildren(await sandboxNode())).find((g) => g.kind === 'group' && g.group === 'packages')!;
    const listings = () => api.sandboxTree.packageListings.get(NAME) ?? 0;
    const before = listings();
    const first = await api.sandboxTree.getChildren(await packagesGroup());
    assert.ok(first.some((p) => p.kind === 'package' && p.name === 'pip'), JSON.stringify(first));
    // What the view does while the sandbox's live stats redraw it: the group asked again, no new pip list.
    await new Promise((r) => setTimeout(r, 3_500));
    await api.sandboxTree.getChildren(await packagesGroup());
    await api.sandboxTree.getChildren(await packagesGroup());
    assert.equal(listings(), before + 1, 'one pip list for three expansions');
    assert.match(String(api.sandboxTree.getTreeItem(await packagesGroup()).description), /^as of /);
    await vscode.commands.executeCommand('snakepit.sandbox.exec', await sandboxNode(), 'true');
    await api.sandboxTree.getChildren(await packagesGroup());
    assert.equal(listings(), before + 2, 'Run Command may have changed the packages: listed again');
    await vscode.commands.executeCommand('snakepit.sandbox.refresh', await packagesGroup());
    await api.sandboxTree.getChildren(await packagesGroup());
    assert.equal(listings(), before + 3, 'Refresh on the group lists again');
  });

  it('reopens its terminal after a rollback, and closes it quietly on destroy', async () => {
    const ours = () => vscode.window.terminals.filter((t) => t.name === `snakepit:${NAME}`);
    const old = await vscode.commands.executeCommand<vscode.Terminal>('snakepit.sandbox.openTerminal', await sandboxNode());
    const groups = await api.sandboxTree.getChildren(await sandboxNode());
    const [snapshot] = await api.sandboxTree.getChildren(groups.find((g) => g.kind === 'group' && g.group === 'snapshots')!);
    const closed = new Promise<vscode.Terminal>((resolve) => {
      const sub = vscode.window.onDidCloseTerminal((t) => {
        if (t === old) {
          sub.dispose();
          resolve(t);
        }
      });
    });
    await vscode.commands.executeCommand('snakepit.sandbox.rollback', snapshot, true);
    await closed;
    const reopened = ours();
    assert.equal(reopened.length, 1, 'one terminal, a new one');
    assert.notEqual(reopened[0], old);
    const exited = new Promise<vscode.TerminalExitStatus | undefined>((resolve) => {
      const sub = vscode.window.onDidCloseTerminal((t) => {
        if (t === reopened[0]) {
          sub.dispose();
          resolve(t.exitStatus);
        }
      });
    });
    await vscode.commands.executeCommand('snakepit.sandbox.destroy', await sandboxNode(), true);
    const status = await exited;
    assert.equal(status?.reason, vscode.TerminalExitReason.Extension, 'closed by Snakepit before its sandbox went, not killed under the user');
    assert.equal(ours().length, 0);
  });

  it('destroys it, and the tree no longer shows it', async () => {
    const roots = await api.sandboxTree.getChildren();
    assert.ok(!roots.some((n) => n.kind === 'sandbox' && n.record.name === NAME));
  });
});
