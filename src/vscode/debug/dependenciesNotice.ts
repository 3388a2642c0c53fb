import * as vscode from 'vscode';
import type { ProvidedDependencies } from '../../core/debug/debugSandbox';
import { DEPENDENCIES_EVENT } from '../../core/debug/sandboxDebugSession';
import type { MissingDependency } from '../../core/environments/sandboxDependencies';
import { DEBUG_TYPE } from './configurationProvider';

const VALIDATE = 'Validate…';

/** When a debug sandbox could not get packages of the workspace environment: a warning, one click from validating them. */
export function registerDependenciesNotice(): vscode.Disposable {
  return vscode.debug.onDidReceiveDebugSessionCustomEvent(async (event) => {
    if (event.session.type !== DEBUG_TYPE || event.event !== DEPENDENCIES_EVENT) return;
    const missing = (event.body as ProvidedDependencies).missing ?? [];
    if (missing.length === 0) return;
    const names = missing.map((m) => `${m.name} ${m.version}`);
    const listed = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
    const choice = await vscode.window.showWarningMessage(
      `Snakepit: the debug sandbox lacks ${listed} from the workspace's ${(event.body as ProvidedDependencies).environment}: only packages the gate verified are put in. The Debug Console says why for each.`,
      VALIDATE,
    );
    if (choice !== VALIDATE) return;
    for (const dependency of await pick(missing)) await vscode.commands.executeCommand('snakepit.gate.validatePackage', `${dependency.name}==${dependency.version}`);
  });
}

async function pick(missing: MissingDependency[]): Promise<MissingDependency[]> {
  if (missing.length === 1) return missing;
  const items = missing.map((dependency) => ({ label: `${dependency.name}==${dependency.version}`, description: dependency.state, detail: dependency.reason, picked: dependency.state !== 'failed', dependency }));
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Snakepit: validate in a sandbox' });
  return (chosen ?? []).map((item) => item.dependency);
}
