import * as vscode from 'vscode';
import type { SandboxServices } from '../../core/sandbox/sandboxServices';

/**
 * The terminals Snakepit opened into each sandbox, so that the operations that pull the ground from under them
 * (destroy, stop, roll back) can close them first, quietly, instead of leaving the shell to die with an exit-code toast.
 */
export class SandboxTerminals implements vscode.Disposable {
  private readonly open = new Map<vscode.Terminal, string>();
  private readonly subscription = vscode.window.onDidCloseTerminal((t) => this.open.delete(t));

  constructor(private readonly services: SandboxServices) {}

  /** The sandbox's terminals still open. */
  of(name: string): vscode.Terminal[] {
    return [...this.open].filter(([, sandbox]) => sandbox === name).map(([terminal]) => terminal);
  }

  /** Opens a terminal whose shell runs inside the sandbox; undefined (after telling the user) when the engine has none. */
  async openFor(name: string): Promise<vscode.Terminal | undefined> {
    const record = await this.services.manager.get(name);
    const command = this.services.engines[record.engine]?.terminalCommand?.(record);
    if (!command) {
      void vscode.window.showErrorMessage(`Snakepit: the ${record.engine} engine cannot open a terminal here.`);
      return undefined;
    }
    const terminal = vscode.window.createTerminal({
      name: `snakepit:${name}`,
      shellPath: command.shellPath,
      shellArgs: command.shellArgs,
      env: command.env,
      cwd: command.cwd,
      strictEnv: command.env !== undefined,
      iconPath: new vscode.ThemeIcon('vm'),
    });
    this.open.set(terminal, name);
    return terminal;
  }

  /** Closes the sandbox's terminals before their shells are killed; returns how many there were. */
  close(name: string): number {
    const terminals = this.of(name);
    for (const terminal of terminals) {
      this.open.delete(terminal);
      terminal.dispose();
    }
    return terminals.length;
  }

  /** Replaces the sandbox's terminals with fresh ones (after a rollback their shells stand in a replaced filesystem). */
  async reopen(name: string): Promise<vscode.Terminal[]> {
    const count = this.close(name);
    const reopened: vscode.Terminal[] = [];
    for (let i = 0; i < count; i++) {
      const terminal = await this.openFor(name);
      if (terminal) reopened.push(terminal);
    }
    reopened.at(-1)?.show(true);
    return reopened;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
