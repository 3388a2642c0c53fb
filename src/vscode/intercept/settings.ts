import * as vscode from 'vscode';

const SECTION = 'snakepit.intercept';
const TERMINALS = 'terminals';
export const TERMINALS_SETTING = `${SECTION}.${TERMINALS}`;
export const TOGGLE_COMMAND = 'snakepit.intercept.toggle';

export function terminalsGuarded(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>(TERMINALS, true);
}

/** Flips the setting where its current value comes from: the workspace's own value if it has one, else the user's. */
export async function toggleTerminalsGuarded(): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<boolean>(TERMINALS);
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const next = !terminalsGuarded();
  await config.update(TERMINALS, next, target);
  return next;
}
