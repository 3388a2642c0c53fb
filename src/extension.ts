import * as vscode from 'vscode';
import { registerAnalysis } from './vscode/analysis';
import { registerCoreCommands } from './vscode/commands';
import { createLog } from './vscode/log';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  context.subscriptions.push(log);
  log.info(`Snakepit ${context.extension.packageJSON.version} activated`);
  registerCoreCommands(context, log);
  registerAnalysis(context, log);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
