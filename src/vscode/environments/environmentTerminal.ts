import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activationScript, SHELLS, shellLaunch, type ShellKind } from '../../core/environments/activation';
import type { PythonEnvironment } from '../../core/environments';

/** The user's shell when it is one Snakepit can activate (bash, zsh, fish), else bash. */
function shellOf(shellPath: string): { kind: ShellKind; path: string } {
  const kind = path.basename(shellPath) as ShellKind;
  return SHELLS.includes(kind) ? { kind, path: shellPath } : { kind: 'bash', path: 'bash' };
}

/**
 * "Open Terminal in Environment": the user's shell (bash, zsh or fish) with the environment activated as
 * `snakepit env shell` does it, prompt `(snakepit:NAME) `, `deactivate` to leave. The startup file lives
 * in a temp dir removed when the terminal closes.
 */
export function openEnvironmentTerminal(env: PythonEnvironment): vscode.Terminal {
  const shell = shellOf(vscode.env.shell);
  const binDir = path.relative(env.prefix, path.dirname(env.python)) || '.';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-shell-'));
  const launch = shellLaunch(shell.kind, activationScript(shell.kind, env.name, env.prefix, binDir), dir);
  const terminal = vscode.window.createTerminal({
    name: `snakepit:${env.name}`,
    shellPath: shell.path,
    shellArgs: launch.args,
    env: launch.env,
    cwd: vscode.workspace.workspaceFolders?.[0]?.uri,
    iconPath: new vscode.ThemeIcon('symbol-namespace'),
  });
  const closed = vscode.window.onDidCloseTerminal((t) => {
    if (t !== terminal) return;
    closed.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  terminal.show();
  return terminal;
}
