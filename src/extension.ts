import * as vscode from 'vscode';
import { createLog } from './vscode/log';
import { registerCoreCommands } from './vscode/commands';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  context.subscriptions.push(log);
  log.info(`Snakepit ${context.extension.packageJSON.version} activated`);
  registerCoreCommands(context, log);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
