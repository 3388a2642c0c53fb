import * as vscode from 'vscode';
import type { EnvironmentsModel } from './environmentsModel';
import { countsText } from './presentation';

/** The workspace environment's verification counts (`✓ 41 · ? 3 · ✗ 0`); a click shows the Environments view. */
export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('snakepit.environment', vscode.StatusBarAlignment.Left, 49);
  private readonly subscription: vscode.Disposable;
  /** The update in flight: a newer one supersedes it. */
  private generation = 0;

  constructor(private readonly model: EnvironmentsModel) {
    this.item.name = 'Snakepit environment';
    this.item.command = 'snakepit.environments.focus';
    this.subscription = model.onDidChange(() => void this.update());
    void this.update();
  }

  /** What the item shows now (for the tests). */
  get text(): string | undefined {
    return this.item.text || undefined;
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const env = await this.model.workspaceEnvironment();
    if (!env) {
      if (generation === this.generation) this.item.hide();
      return;
    }
    try {
      const state = await this.model.state(env);
      if (generation !== this.generation) return;
      const c = state.counts;
      this.item.text = `$(package) ${countsText(c)}`;
      this.item.tooltip = `Snakepit: ${env.name} (${env.prefix})\n${c.verified} verified, ${c.warned} warned, ${c.failed} failed, ${c.unverified} unverified, ${c.modified} modified\nClick to show the Environments view.`;
      this.item.backgroundColor = c.failed + c.modified > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      this.item.show();
    } catch (error) {
      if (generation !== this.generation) return;
      this.item.text = '$(package) ?';
      this.item.tooltip = `Snakepit: cannot read ${env.name}: ${error instanceof Error ? error.message : String(error)}`;
      this.item.backgroundColor = undefined;
      this.item.show();
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
