import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverEnvironments, environmentAt, historyFor, inspectEnvironment, type EnvironmentHistory, type EnvironmentState, type HistoryRecord, type PythonEnvironment } from '../../core/environments';
import { digestLookup } from '../../core/environments/history/manifest';
import { verificationSourcesFor } from '../../core/environments/verificationSources';
import type { GateDirs } from '../../core/packages/gate/request';
import { resolveTargetInterpreter } from '../packages/interpreter';

/** What changed: one environment's state (`prefix`), or everything, the list of environments included. */
export interface EnvironmentsChange {
  prefix?: string;
}

const realPath = (p: string) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

/** Only a writable virtual environment has a history (a system prefix is not Snakepit's to snapshot). */
export const hasHistory = (env: PythonEnvironment) => env.isVirtualEnv && env.writable;

/**
 * The environments the view and the status bar show, and each one's state, derived from disk on demand
 * (discovery, the dist-info directories, the gate's verdict history) and kept only until something says
 * it changed: nothing survives a reload but the files it was read from. Reading a state records an
 * external change in the environment's history first, as every `snakepit env` call does.
 */
export class EnvironmentsModel implements vscode.Disposable {
  private listing: Promise<PythonEnvironment[]> | undefined;
  private active: Promise<string | undefined> | undefined;
  private readonly states = new Map<string, Promise<EnvironmentState>>();
  private readonly changed = new vscode.EventEmitter<EnvironmentsChange>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly dirs: GateDirs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Project environments under the workspace folders first, then the global ones; system interpreters included. */
  environments(): Promise<PythonEnvironment[]> {
    this.listing ??= discoverEnvironments({ roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) }).catch((error) => {
      this.log.warn(`could not list the Python environments: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
    return this.listing;
  }

  /** The prefix of the environment validated packages are installed into (the Python extension's, the setting's, the .venv). */
  activePrefix(): Promise<string | undefined> {
    this.active ??= resolveTargetInterpreter().then(
      (target) => (target ? realPath(environmentAt(target.python).prefix) : undefined),
      () => undefined,
    );
    return this.active;
  }

  async isActive(env: PythonEnvironment): Promise<boolean> {
    return (await this.activePrefix()) === realPath(env.prefix);
  }

  /** The environment the status bar counts: the active one when it is in the workspace, else the first project environment (`.venv` first). */
  async workspaceEnvironment(): Promise<PythonEnvironment | undefined> {
    const workspace = (await this.environments()).filter((e) => e.kind === 'workspace');
    const active = await this.activePrefix();
    return workspace.find((e) => realPath(e.prefix) === active) ?? [...workspace].sort((a, b) => Number(b.name === '.venv') - Number(a.name === '.venv'))[0];
  }

  /** The environment's history (its interpreter is asked where its files live). */
  history(env: PythonEnvironment): Promise<EnvironmentHistory> {
    return historyFor(env.python, this.dirs.stateDir);
  }

  /** The history's entries, newest first, after the state was read (which records an external change). */
  async entries(env: PythonEnvironment): Promise<HistoryRecord[]> {
    await this.state(env);
    return (await this.history(env)).entries().reverse();
  }

  /** Installed distributions with verification badges, and drift against the project the environment sits in. */
  state(env: PythonEnvironment): Promise<EnvironmentState> {
    const key = path.resolve(env.prefix);
    let state = this.states.get(key);
    if (!state) {
      state = this.read(env);
      this.states.set(key, state);
      // A failure is not kept: the next look tries again.
      state.catch(() => this.states.get(key) === state && this.states.delete(key));
    }
    return state;
  }

  private async read(env: PythonEnvironment): Promise<EnvironmentState> {
    const sources = verificationSourcesFor(this.dirs);
    if (hasHistory(env)) {
      const history = await this.history(env);
      const recorded = await history.sync();
      if (recorded) this.log.info(`${env.name}: recorded history entry ${recorded.id} (${recorded.kind}: ${recorded.what})`);
      const manifest = history.latestManifest();
      if (manifest) sources.digestOf = digestLookup(manifest);
    }
    const project = env.kind === 'workspace' ? path.dirname(env.prefix) : undefined;
    return inspectEnvironment(env, sources, project);
  }

  /** Forgets one environment's state (its files changed): the view and the status bar read it again. */
  invalidate(prefix: string): void {
    this.states.delete(path.resolve(prefix));
    this.changed.fire({ prefix: path.resolve(prefix) });
  }

  /** Forgets every state (the gate judged something). */
  invalidateStates(): void {
    this.states.clear();
    this.changed.fire({});
  }

  /** Forgets everything, the list of environments and the active interpreter included. */
  refresh(): void {
    this.listing = undefined;
    this.active = undefined;
    this.invalidateStates();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
