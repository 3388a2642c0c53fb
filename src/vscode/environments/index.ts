import * as vscode from 'vscode';
import type { PackageGate } from '../packages';
import { registerEnvironmentCommands } from './commands';
import { EnvironmentWatcher } from './environmentWatcher';
import { EnvironmentsModel } from './environmentsModel';
import { EnvironmentsTreeProvider, type EnvironmentNode } from './environmentsTree';
import { EnvironmentStatusBar } from './statusBar';

/** What the Environments view exposes through the extension's API (the tests read the view and the status bar through it). */
export interface EnvironmentsApi {
  model: EnvironmentsModel;
  tree: EnvironmentsTreeProvider;
  view: vscode.TreeView<EnvironmentNode>;
  statusBar: EnvironmentStatusBar;
  watcher: EnvironmentWatcher;
}

/** The Environments view, its commands, the status bar's counts, and the watcher that keeps them (and the history) current. */
export function registerEnvironments(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, gate: PackageGate): EnvironmentsApi {
  const model = new EnvironmentsModel(gate.dirs, log);
  const tree = new EnvironmentsTreeProvider(model);
  const view = vscode.window.createTreeView('snakepit.environments', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new EnvironmentStatusBar(model);
  const watcher = new EnvironmentWatcher(model);
  context.subscriptions.push(
    model,
    tree,
    view,
    statusBar,
    watcher,
    // A verdict can turn an unverified package verified; another interpreter can become the active one.
    gate.verdicts.onDidChange(() => model.invalidateStates()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('snakepit.python.interpreter') && model.refresh()),
  );
  registerEnvironmentCommands(context, { model, dirs: gate.dirs, gate, log });
  return { model, tree, view, statusBar, watcher };
}
