import * as vscode from 'vscode';
import { TOGGLE_COMMAND } from './settings';

/** "pip guarded" / "pip not guarded" for new integrated terminals; a click toggles it. */
export class GuardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('snakepit.intercept', vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = 'Snakepit pip guard';
    this.item.command = TOGGLE_COMMAND;
  }

  show(guarded: boolean): void {
    this.item.text = guarded ? '$(shield) pip guarded' : '$(circle-slash) pip not guarded';
    this.item.tooltip = new vscode.MarkdownString(
      guarded
        ? 'Snakepit: `pip install`, `python -m pip install`, `uv pip install` and `pipx install` typed in new integrated terminals (and run by tasks) go through the package gate first; a failed package is refused and nothing is installed.\n\nClick to turn this off (`snakepit.intercept.terminals`).'
        : 'Snakepit: installs in new integrated terminals run the real pip, unchecked.\n\nClick to put the package gate in front of them (`snakepit.intercept.terminals`).',
    );
    this.item.backgroundColor = guarded ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  /** What the item says, for the tests. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
