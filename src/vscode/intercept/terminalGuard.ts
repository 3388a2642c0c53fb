import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportedBashFunctions } from '../../core/intercept/shellInit';

/**
 * The shims in front of every integrated terminal (tasks' and other extensions' terminals too) through the
 * extension's environment variable collection: no rc file is edited, and VS Code keeps the collection for
 * terminals restored in the next session. A change applies to new terminals; VS Code offers to relaunch old ones.
 */
export class TerminalGuard {
  constructor(
    readonly collection: vscode.GlobalEnvironmentVariableCollection,
    readonly shimDir: string,
  ) {}

  apply(on: boolean): void {
    this.collection.clear();
    if (!on) {
      this.collection.description = undefined;
      return;
    }
    this.collection.description = new vscode.MarkdownString('Snakepit: `pip install`, `python -m pip install`, `uv pip install` and `pipx install` go through the package gate (its shims come first on `PATH`). Turn off with the **pip guarded** status-bar item or the `snakepit.intercept.terminals` setting.');
    this.collection.prepend('PATH', `${this.shimDir}${path.delimiter}`);
    this.collection.replace('SNAKEPIT_SHIMS', this.shimDir);
    // A venv activated in the terminal puts its bin/ before the shims; bash's functions come before PATH.
    for (const [name, value] of Object.entries(exportedBashFunctions(this.shimDir))) this.collection.replace(name, value);
  }

  /** Whether new terminals get the shims (what the collection holds, not what the setting says). */
  get active(): boolean {
    return this.collection.get('PATH') !== undefined;
  }
}
