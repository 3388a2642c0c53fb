import * as vscode from 'vscode';
import { registerAnalysis } from './vscode/analysis';
import { registerCoreCommands } from './vscode/commands';
import { registerDebugging } from './vscode/debug';
import { registerEnvironments, type EnvironmentsApi } from './vscode/environments';
import { registerInterception, type TerminalInterception } from './vscode/intercept';
import { createLog } from './vscode/log';
import { registerPackageGate, type PackageGate } from './vscode/packages';
import { registerProfiling } from './vscode/profile';
import { registerSandboxes } from './vscode/sandbox';
import type { SandboxTreeProvider } from './vscode/sandbox/sandboxTree';

/** What `activate` returns to other extensions (and to the tests, which read the Sandboxes view's content through it). */
export interface SnakepitApi {
  sandboxTree: SandboxTreeProvider;
  gate: PackageGate;
  environments: EnvironmentsApi;
  /** Undefined on Windows. */
  intercept: TerminalInterception | undefined;
}

export function activate(context: vscode.ExtensionContext): SnakepitApi {
  const log = createLog();
  context.subscriptions.push(log);
  log.info(`Snakepit ${context.extension.packageJSON.version} activated`);
  registerCoreCommands(context, log);
  registerAnalysis(context, log);
  const sandboxTree = registerSandboxes(context, log);
  registerDebugging(context, log, sandboxTree.services);
  registerProfiling(context, log, sandboxTree.services);
  const gate = registerPackageGate(context, log, sandboxTree.services);
  return { sandboxTree, gate, environments: registerEnvironments(context, log, gate), intercept: registerInterception(context, log) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
