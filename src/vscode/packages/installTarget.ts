import * as vscode from 'vscode';
import { resolveTargetInterpreter, type TargetInterpreter } from './interpreter';

const CHOOSE = 'Choose Another Environment…';

/** Lets the user pick the interpreter: the Python extension's picker when it is there, else a file dialog into `snakepit.python.interpreter`. */
async function changeEnvironment(resource: vscode.Uri | undefined): Promise<boolean> {
  if (vscode.extensions.getExtension('ms-python.python')) {
    await vscode.commands.executeCommand('python.setInterpreter');
    return true;
  }
  const picked = await vscode.window.showOpenDialog({ title: 'Snakepit: the Python interpreter of the environment to install into', canSelectMany: false, openLabel: 'Install Into This Environment' });
  if (!picked?.[0]) return false;
  const target = resource && vscode.workspace.getWorkspaceFolder(resource) ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
  await vscode.workspace.getConfiguration('snakepit.python', resource).update('interpreter', picked[0].fsPath, vscode.workspace.workspaceFolders ? target : vscode.ConfigurationTarget.Global);
  return true;
}

/**
 * The environment to install into, said before anything is installed: its interpreter and how it was chosen,
 * with a way to choose another. Undefined: the user dismissed the question, or there is no environment.
 */
export async function confirmInstallTarget(what: string, resource: vscode.Uri | undefined): Promise<TargetInterpreter | undefined> {
  for (;;) {
    const target = await resolveTargetInterpreter(resource);
    if (!target) {
      const choice = await vscode.window.showErrorMessage(
        'Snakepit: no environment to install into. Select an interpreter in the Python extension, set "snakepit.python.interpreter", or create a .venv in the workspace.',
        CHOOSE,
      );
      if (choice !== CHOOSE || !(await changeEnvironment(resource))) return undefined;
      continue;
    }
    const install = { label: `$(check) Install into ${target.python}`, detail: `Chosen from ${target.source}. ${what}`, target };
    const change = { label: `$(folder-opened) ${CHOOSE}`, detail: 'The Python extension\'s interpreter picker, or a file dialog that sets snakepit.python.interpreter' };
    const picked = await vscode.window.showQuickPick([install, change], { title: `Snakepit: install ${what}`, placeHolder: `Into ${target.python} (${target.source})?`, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked === install) return target;
    if (!(await changeEnvironment(resource))) return undefined;
  }
}
