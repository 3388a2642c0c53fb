import * as vscode from 'vscode';

/** The single "Snakepit" output channel; every part of the extension logs here. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Snakepit', { log: true });
}
