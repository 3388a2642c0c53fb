import * as vscode from 'vscode';
import { createSandboxServices } from '../../core/sandbox/sandboxServices';
import { registerSandboxCommands } from './commands';
import { SandboxTerminals } from './sandboxTerminals';
import { SandboxTreeProvider } from './sandboxTree';

/** The Sandboxes view and its commands; reaps orphaned ephemeral sandboxes at start-up. */
export function registerSandboxes(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): SandboxTreeProvider {
  const config = vscode.workspace.getConfiguration('snakepit.sandbox');
  const services = createSandboxServices(context.globalStorageUri.fsPath, 'vscode', {
    keepSnapshots: config.get<number>('keepSnapshots', 10),
    onWarning: (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(`Snakepit: ${message}`);
    },
  });
  const tree = new SandboxTreeProvider(services);
  const view = vscode.window.createTreeView('snakepit.sandboxes', { treeDataProvider: tree, showCollapseAll: true });
  const terminals = new SandboxTerminals(services);
  const output = vscode.window.createOutputChannel('Snakepit Sandbox');
  context.subscriptions.push(tree, view, terminals, output, view.onDidChangeVisibility((e) => tree.setVisible(e.visible)));
  tree.setVisible(view.visible);
  registerSandboxCommands(context, services, { tree, view, terminals, output }, log);
  void services.manager.prune().then(
    (removed) => removed.length && log.info(`reaped orphaned sandboxes: ${removed.join(', ')}`),
    (error) => log.warn(`could not reap orphaned sandboxes: ${error instanceof Error ? error.message : String(error)}`),
  );
  return tree;
}
