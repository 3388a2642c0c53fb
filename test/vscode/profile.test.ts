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
    } finally {
      await settings.update('engine', previous, vscode.ConfigurationTarget.Global);
    }
  });
});
