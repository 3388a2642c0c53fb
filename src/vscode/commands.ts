import * as vscode from 'vscode';

export function registerCoreCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('snakepit.showLog', () => log.show(true)),
    vscode.commands.registerCommand('snakepit.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`),
    ),
  );
}
