import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sitePackagesOf } from '../../core/environments/sitePackages';
import type { EnvironmentsModel } from './environmentsModel';

/**
 * Watches the site-packages directories of every project environment for dist-info directories appearing or
 * going (an install or uninstall) and, debounced, tells the model that environment changed: the view, the
 * status bar and the history (an `external` entry) follow. A new or removed `pyvenv.cfg` in the workspace
 * makes the model list the environments again.
 *
 * site-packages is watched with fs.watch, not a VS Code FileSystemWatcher: in code-server 4.100.3 neither a
 * RelativePattern on the directory nor one on the workspace folder reported the dist-info directory a
 * `pip install` created in a venv made by `python3 -m venv` (fs.watch did, in the same run).
 */
export class EnvironmentWatcher implements vscode.Disposable {
  private watchers: fs.FSWatcher[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];
  private watched = '';
  /** How many file events were seen (for the tests and the log). */
  events = 0;

  constructor(
    private readonly model: EnvironmentsModel,
    private readonly debounceMs = 1000,
  ) {
    const venvs = vscode.workspace.createFileSystemWatcher('**/pyvenv.cfg');
    // Debounced too: `python3 -m venv` writes pyvenv.cfg first, then spends seconds installing pip.
    const rediscover = () => this.debounce('', () => this.model.refresh());
    this.subscriptions = [venvs, venvs.onDidCreate(rediscover), venvs.onDidDelete(rediscover), model.onDidChange((change) => !change.prefix && void this.watchAll())];
    void this.watchAll();
  }

  /** The site-packages directories watched now (for the tests and the log). */
  get directories(): string[] {
    return this.watched ? this.watched.split('\n') : [];
  }

  private async watchAll(): Promise<void> {
    const envs = (await this.model.environments()).filter((e) => e.kind === 'workspace' && e.isVirtualEnv);
    const dirs = envs.flatMap((env) => sitePackagesOf(env.prefix).map((dir) => ({ dir, prefix: env.prefix })));
    const key = dirs.map((d) => d.dir).join('\n');
    if (key === this.watched) return;
    this.watched = key;
    for (const w of this.watchers) w.close();
    this.watchers = dirs.flatMap(({ dir, prefix }) => {
      try {
        const watcher = fs.watch(dir, (_event, name) => {
          if (!name?.toString().endsWith('.dist-info')) return;
          this.events++;
          this.schedule(prefix);
        });
        // The directory went (the environment was deleted): the pyvenv.cfg watcher lists the environments again.
        watcher.on('error', () => watcher.close());
        return [watcher];
      } catch {
        return [];
      }
    });
  }

  private schedule(prefix: string): void {
    const key = path.resolve(prefix);
    this.debounce(key, () => this.model.invalidate(key));
  }

  private debounce(key: string, fire: () => void): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fire();
      }, this.debounceMs),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const w of this.watchers) w.close();
    for (const d of this.subscriptions) d.dispose();
  }
}
