import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'snakepit.snakepit';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

describe('Snakepit extension in a real VS Code', () => {
  it('activates in the node extension host', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    const contributed: string[] = vscode.extensions
      .getExtension(EXTENSION_ID)!
      .packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(contributed.length > 0);
    for (const command of contributed) assert.ok(commands.includes(command), `${command} is registered`);
  });

  it('contributes the Snakepit view container with the Sandboxes view', async () => {
    // Focusing a view only succeeds when its container and view are contributed.
    await vscode.commands.executeCommand('workbench.view.extension.snakepit');
    await vscode.commands.executeCommand('snakepit.sandboxes.focus');
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.deepEqual(manifest.contributes.views.snakepit.map((v: { id: string }) => v.id), ['snakepit.sandboxes', 'snakepit.validations', 'snakepit.environments']);
  });

  it('opens requirements.txt as pip-requirements', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('requirements.txt'));
    assert.equal(document.languageId, 'pip-requirements');
  });

  it('treats constraints.txt and *.pip as pip-requirements, other .txt files as plain text', async () => {
    for (const [name, language] of [
      ['constraints.txt', 'pip-requirements'],
      ['dev.pip', 'pip-requirements'],
      ['notes.txt', 'plaintext'],
    ]) {
      const document = await vscode.workspace.openTextDocument(workspaceFile(name));
      assert.equal(document.languageId, language, path.basename(name));
    }
  });

  it('comments lines in requirements files with #', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('requirements.txt'));
    const editor = await vscode.window.showTextDocument(document);
    const before = document.lineAt(1).text;
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand('editor.action.commentLine');
    assert.equal(document.lineAt(1).text, `# ${before}`);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.lineAt(1).text, before);
  });

  it('shows the log through the Show Log command', async () => {
    await vscode.commands.executeCommand('snakepit.showLog');
  });
});
