import * as path from 'node:path';
import * as vscode from 'vscode';
import { ensureShims } from '../../core/intercept/shims';
import { bundledCliLauncher } from './cliLauncher';
import type { GatedPip } from './gatedPipManager';
import { GuardStatusBar } from './guardStatusBar';
import { registerWithPythonEnvs } from './pythonEnvs';
import { TERMINALS_SETTING, terminalsGuarded, TOGGLE_COMMAND, toggleTerminalsGuarded } from './settings';
import { TerminalGuard } from './terminalGuard';

/** What terminal interception exposes through the extension's API (the tests read it). */
export interface TerminalInterception {
  guard: TerminalGuard;
  statusBar: GuardStatusBar;
  /** Settles once the Python Environments extension has the gated pip, or is known to be absent (undefined). */
  pythonEnvs: Promise<GatedPip | undefined>;
}

/**
 * Installs typed in integrated terminals go through the gate: the shims (written for the extension's own
 * CLI) first on every new terminal's PATH while `snakepit.intercept.terminals` is on, a status-bar item
 * that says so and toggles it, and the same gate behind the Python Environments extension's installs.
 */
export function registerInterception(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): TerminalInterception | undefined {
  if (process.platform === 'win32') {
    // The shims are POSIX sh scripts.
    context.environmentVariableCollection.clear();
    log.info('terminal interception is not available on Windows (use WSL, or `snakepit pip install …`)');
    return undefined;
  }
  const launcher = bundledCliLauncher(context.extensionPath);
  const shimDir = ensureShims(path.join(context.globalStorageUri.fsPath, 'shims'), launcher);
  const guard = new TerminalGuard(context.environmentVariableCollection, shimDir);
  const statusBar = new GuardStatusBar();
  const update = () => {
    const on = terminalsGuarded();
    guard.apply(on);
    statusBar.show(on);
  };
  update();
  log.info(`terminal interception ${guard.active ? 'on' : 'off'} (shims in ${shimDir})`);
  context.subscriptions.push(
    statusBar,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(TERMINALS_SETTING)) return;
      update();
      log.info(`terminal interception ${guard.active ? 'on' : 'off'} for new terminals`);
    }),
    vscode.commands.registerCommand(TOGGLE_COMMAND, toggleTerminalsGuarded),
  );
  return { guard, statusBar, pythonEnvs: registerWithPythonEnvs(context, log, launcher) };
}
