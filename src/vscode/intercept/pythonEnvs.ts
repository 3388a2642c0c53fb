import type { DidChangePackagesEventArgs, PythonEnvironment } from '@vscode/python-environments';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShimLauncher } from '../../core/intercept/shims';
import { PYTHON_ENVS_EXTENSION, registerGatedPip, type GatedPip, type PythonEnvsApi } from './gatedPipManager';

const INSTALL_ANYWAY = 'Install Anyway';

/**
 * Offers the gated pip to the Python Environments extension when it is installed, now or later in this session
 * (users pick it with `python-envs.defaultPackageManager`). Without that extension this does nothing; a failure is
 * logged, never shown. Settles with the first attempt's manager.
 */
export function registerWithPythonEnvs(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, launcher: ShimLauncher): Promise<GatedPip | undefined> {
  if (vscode.extensions.getExtension(PYTHON_ENVS_EXTENSION)) return register(context, log, launcher);
  const listener = vscode.extensions.onDidChange(() => {
    if (!vscode.extensions.getExtension(PYTHON_ENVS_EXTENSION)) return;
    listener.dispose();
    void register(context, log, launcher);
  });
  context.subscriptions.push(listener);
  return Promise.resolve(undefined);
}

async function register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, launcher: ShimLauncher): Promise<GatedPip | undefined> {
  const extension = vscode.extensions.getExtension<PythonEnvsApi>(PYTHON_ENVS_EXTENSION);
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const changes = new vscode.EventEmitter<DidChangePackagesEventArgs>();
    const { manager, registration } = registerGatedPip(api, {
      launcher,
      extensionId: context.extension.id,
      cwdFor: (environment) => projectDir(environment),
      log,
      changes,
      withProgress: (title, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Snakepit: ${title}` }, task),
      confirmWarn: async (question, detail) => (await vscode.window.showWarningMessage(question, { modal: true, detail }, INSTALL_ANYWAY)) === INSTALL_ANYWAY,
    });
    context.subscriptions.push(changes, registration);
    log.info(`registered the gated pip with ${PYTHON_ENVS_EXTENSION} (id ${context.extension.id}:${manager.name})`);
    return manager;
  } catch (error) {
    log.warn(`could not register with ${PYTHON_ENVS_EXTENSION}: ${(error as Error).message}`);
    return undefined;
  }
}

/** The workspace folder holding the environment (its pyproject.toml has the project's gate settings), else the environment itself. */
function projectDir(environment: PythonEnvironment): string {
  const folder = vscode.workspace.getWorkspaceFolder(environment.environmentPath);
  return folder?.uri.fsPath ?? path.dirname(environment.sysPrefix);
}
