import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProfileView } from '../../src/vscode/profile/profileHtml';

describe('Profile File in Sandbox in a real VS Code', function () {
  this.timeout(180_000);

  it('profiles a workspace file in a bubblewrap sandbox and shows the hottest function with host paths', async () => {
    await vscode.extensions.getExtension('snakepit.snakepit')!.activate();
    const folder = vscode.workspace.workspaceFolders![0];
    const program = vscode.Uri.joinPath(folder.uri, 'profile', 'hot.py');
    const settings = vscode.workspace.getConfiguration('snakepit.sandbox');
    const previous = settings.inspect<string>('engine')?.globalValue;
    await settings.update('engine', 'bubblewrap', vscode.ConfigurationTarget.Global);
    try {
      const view = await vscode.commands.executeCommand<ProfileView | undefined>('snakepit.profile.profileFile', program);
      assert.ok(view, 'the command returned what it showed');
      assert.match(view.engine, /^bubblewrap/);
      const fib = [...view.functions].sort((a, b) => b.tottime - a.tottime)[0];
      assert.equal(fib.name, 'fib');
      assert.equal(fib.calls, 21891, 'fib(20) makes 2·fib(21) − 1 calls');
      assert.equal(fib.file, vscode.Uri.joinPath(folder.uri, 'profile', 'work.py').fsPath);
      assert.equal(fib.inWorkspace, true);
      assert.ok(view.tree.value > 0 && view.tree.children.length > 0, 'the icicle chart has a tree');
      assert.match(view.python ?? '', /^Python 3\.\d+\.\d+ \(\/\S+, (system|virtual) environment \//, 'the header says which Python ran');
    } finally {
      await settings.update('engine', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows the traceback of a program that fails, with host paths', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const program = vscode.Uri.joinPath(folder.uri, 'profile', 'boom.py');
    await vscode.workspace.fs.writeFile(program, new TextEncoder().encode('from work import light\n\n\ndef main():\n    light()\n    raise ValueError("boom from the workspace")\n\n\nmain()\n'));
    const settings = vscode.workspace.getConfiguration('snakepit.sandbox');
    const previous = settings.inspect<string>('engine')?.globalValue;
    await settings.update('engine', 'bubblewrap', vscode.ConfigurationTarget.Global);
    try {
      const view = await vscode.commands.executeCommand<ProfileView | undefined>('snakepit.profile.profileFile', program);
      assert.ok(view, 'a failed program still gets its profile');
      assert.equal(view.exitCode, 1);
      assert.ok(view.stderr?.includes(`File "${program.fsPath}", line 6, in main`), `host paths in the traceback: ${view.stderr}`);
      assert.match(view.stderr ?? '', /ValueError: boom from the workspace/);
      assert.ok(!view.stderr?.includes('/work/workspace/'), 'no sandbox paths left');
    } finally {
      await settings.update('engine', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it("offers Debug and Profile in Sandbox on a .py file's Explorer context menu", () => {
    const menus = vscode.extensions.getExtension('snakepit.snakepit')!.packageJSON.contributes.menus['explorer/context'] as Array<{ command: string; when: string }>;
    for (const command of ['snakepit.debug.debugFile', 'snakepit.profile.profileFile']) {
      const entry = menus.find((m) => m.command === command);
      assert.ok(entry, command);
      assert.match(entry.when, /resourceLangId == python/);
    }
  });
});
