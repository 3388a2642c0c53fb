import * as vscode from 'vscode';
import { registerAnalysis } from './vscode/analysis';
import { registerCoreCommands } from './vscode/commands';
import { createLog } from './vscode/log';
import { registerSandboxes } from './vscode/sandbox';
import type { SandboxTreeProvider } from './vscode/sandbox/sandboxTree';

/** What `activate` returns to other extensions (and to the tests, which read the Sandboxes view's content through it). */
export interface SnakepitApi {
  sandboxTree: SandboxTreeProvider;
}

export function activate(context: vscode.ExtensionContext): SnakepitApi {
  const log = createLog();
  context.subscriptions.push(log);
  log.info(`Snakepit ${context.extension.packageJSON.version} activated`);
  registerCoreCommands(context, log);
  registerAnalysis(context, log);
  return { sandboxTree: registerSandboxes(context, log) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
