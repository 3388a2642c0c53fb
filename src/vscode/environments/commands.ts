import * as path from 'node:path';
import * as vscode from 'vscode';
import { environmentsHome, type EnvironmentHistory, type HistoryRecord, type PythonEnvironment } from '../../core/environments';
import { applyLoad, prepareLoad, previewLoad, saveEnvironmentTo } from '../../core/environments/history/saveLoad';
import { describeChanges } from '../../core/environments/history/listing';
import { verificationSourcesFor } from '../../core/environments/verificationSources';
import type { GateDirs } from '../../core/packages/gate/request';
import type { PackageGate } from '../packages';
import { openEnvironmentTerminal } from './environmentTerminal';
import { hasHistory, type EnvironmentsModel } from './environmentsModel';
import type { EnvironmentNode } from './environmentsTree';
import { loadConfirmation, rollbackConfirmation } from './presentation';

type Of<K extends EnvironmentNode['kind']> = Extract<EnvironmentNode, { kind: K }>;

export interface EnvironmentCommandDeps {
  model: EnvironmentsModel;
  dirs: GateDirs;
  gate: PackageGate;
  log: vscode.LogOutputChannel;
}

class Cancelled extends Error {}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reads under a cancellable notification; cancelling drops the result (nothing was changed). Errors become messages. */
async function reading<T>(title: string, log: vscode.LogOutputChannel, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
      Promise.race([run(), new Promise<never>((_, reject) => token.onCancellationRequested(() => reject(new Cancelled())))]),
    );
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    log.error(`${title}: ${message(error)}`);
    void vscode.window.showErrorMessage(`Snakepit: ${title} failed: ${message(error)}`);
    return undefined;
  }
}

/**
 * Changes the environment under a cancellable notification. A restore is not stopped half-way (the core checks
 * and records the whole state); cancelling during it puts the state from before back once it is done.
 */
async function restoring(title: string, history: EnvironmentHistory, log: vscode.LogOutputChannel, run: () => Promise<HistoryRecord>): Promise<HistoryRecord | 'cancelled' | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      if (token.isCancellationRequested) return 'cancelled';
      const record = await run();
      if (!token.isCancellationRequested) return record;
      // The entry before the restore's own is the state it started from (recorded under the same lock).
      await history.rollback(record.id - 1, 'VS Code: cancelled, put back');
      return 'cancelled';
    });
  } catch (error) {
    log.error(`${title}: ${message(error)}`);
    void vscode.window.showErrorMessage(`Snakepit: ${message(error)}`);
    return undefined;
  }
}

export function registerEnvironmentCommands(context: vscode.ExtensionContext, deps: EnvironmentCommandDeps): void {
  const { model, dirs, gate, log } = deps;
  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  /** The environment of a view item, else one picked from those with a history. */
  async function environmentOf(node: EnvironmentNode | undefined, purpose: string): Promise<PythonEnvironment | undefined> {
    if (node && 'environment' in node && node.environment) return node.environment;
    const candidates = (await model.environments()).filter(hasHistory);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('Snakepit: no virtual environment found; create one with `python3 -m venv .venv` in the workspace.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.map((environment) => ({ label: environment.name, description: environment.prefix, environment })),
      { placeHolder: `Environment to ${purpose}` },
    );
    return picked?.environment;
  }

  async function entryOf(node: EnvironmentNode | undefined): Promise<{ environment: PythonEnvironment; entry: HistoryRecord } | undefined> {
    if (node?.kind === 'entry') return node;
    const environment = await environmentOf(node, 'roll back');
    if (!environment) return undefined;
    const entries = await reading(`Snakepit: reading the history of ${environment.name}`, log, () => model.entries(environment));
    if (!entries) return undefined;
    const picked = await vscode.window.showQuickPick(
      entries.slice(1).map((entry) => ({ label: `${entry.id} · ${entry.kind}`, description: entry.at.replace('T', ' ').slice(0, 16), detail: entry.what, entry })),
      { placeHolder: `State of ${environment.name} to roll back to` },
    );
    return picked && { environment, entry: picked.entry };
  }

  register('snakepit.environments.refresh', async () => {
    model.refresh();
    const workspace = await model.workspaceEnvironment();
    return workspace && model.state(workspace).catch(() => undefined);
  });

  /** `confirmed` (tests, other commands) skips the modal; the preview is computed either way. */
  register('snakepit.environments.rollback', async (node?: Of<'entry'>, confirmed?: boolean) => {
    const target = await entryOf(node);
    if (!target) return undefined;
    const { environment, entry } = target;
    const history = await model.history(environment);
    const preview = await reading(`Snakepit: what rolling ${environment.name} back changes`, log, () => history.previewRollback(entry.id));
    if (!preview) return undefined;
    if (preview.plan.missingBlobs.length > 0) {
      void vscode.window.showErrorMessage(
        `Snakepit: cannot roll ${environment.name} back to entry ${entry.id}: ${preview.plan.missingBlobs.length} file(s) of that state are no longer in Snakepit's store (${preview.plan.missingBlobs[0]}). Nothing was changed; reinstall the packages through the gate instead.`,
      );
      return undefined;
    }
    if (!confirmed) {
      const ask = rollbackConfirmation(environment.name, preview.entry, preview.changes, { write: preview.plan.write.length, remove: preview.plan.remove.length });
      if ((await vscode.window.showWarningMessage(ask.message, { modal: true, detail: ask.detail }, 'Roll Back')) !== 'Roll Back') return undefined;
    }
    const record = await restoring(`Snakepit: rolling ${environment.name} back to entry ${entry.id}`, history, log, () => history.rollback(entry.id, 'VS Code: Roll Back'));
    model.invalidate(environment.prefix);
    if (record === 'cancelled') void vscode.window.showInformationMessage(`Snakepit: rollback of ${environment.name} cancelled; it is as it was before.`);
    else if (record) void vscode.window.showInformationMessage(`Snakepit: ${environment.name} is back to the state after entry ${entry.id} (${describeChanges(preview.changes)}). Roll back to entry ${record.id - 1} to undo it.`);
    return record === 'cancelled' ? undefined : record;
  });

  register('snakepit.environments.save', async (node?: EnvironmentNode, file?: vscode.Uri) => {
    const environment = await environmentOf(node, 'save');
    if (!environment) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const suggested = `${environment.name.replace(/^\.+/, '').replace(/[^\w.-]+/g, '_') || 'environment'}.lock`;
    const target =
      file ??
      (await vscode.window.showSaveDialog({
        title: `Snakepit: save ${environment.name} (a lock with hashes, and FILE.json to load it exactly)`,
        defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined,
        filters: { 'Lock file': ['lock', 'txt'] },
        saveLabel: 'Save Environment',
      }));
    if (!target) return undefined;
    const history = await model.history(environment);
    const result = await reading(`Snakepit: saving ${environment.name}`, log, () => saveEnvironmentTo(target.fsPath, environment, history, verificationSourcesFor(dirs)));
    if (!result) return undefined;
    const unverified = result.saved.distributions.filter((d) => !d.wheel).length;
    void vscode.window.showInformationMessage(
      `Snakepit: saved ${result.saved.distributions.length} distributions of ${environment.name} (history entry ${result.entry.id}) to ${vscode.workspace.asRelativePath(target)} and its .json${unverified ? `; ${unverified} without a verified wheel are written without a hash (pip --require-hashes refuses them)` : ''}.`,
    );
    return { file: target.fsPath, distributions: result.saved.distributions.length, entry: result.entry.id };
  });

  register('snakepit.environments.load', async (node?: EnvironmentNode, file?: vscode.Uri, confirmed?: boolean) => {
    const environment = await environmentOf(node, 'load into');
    if (!environment) return undefined;
    const source =
      file ??
      (
        await vscode.window.showOpenDialog({
          title: `Snakepit: make ${environment.name} exactly a saved environment`,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          filters: { 'Saved environment': ['lock', 'txt', 'json'] },
          openLabel: 'Load Into Environment',
          canSelectMany: false,
        })
      )?.[0];
    if (!source) return undefined;
    let load;
    try {
      load = prepareLoad(environmentsHome(dirs.stateDir), environment, source.fsPath);
    } catch (error) {
      void vscode.window.showErrorMessage(`Snakepit: ${message(error)}`);
      return undefined;
    }
    const prepared = load;
    const changes = await reading(`Snakepit: what loading ${path.basename(source.fsPath)} changes`, log, () => previewLoad(prepared));
    if (!changes) return undefined;
    if (!confirmed) {
      const ask = loadConfirmation(environment.name, vscode.workspace.asRelativePath(source), changes, load.savedFrom);
      if ((await vscode.window.showWarningMessage(ask.message, { modal: true, detail: ask.detail }, 'Load')) !== 'Load') return undefined;
    }
    const record = await restoring(`Snakepit: loading ${path.basename(source.fsPath)} into ${environment.name}`, load.history, log, () => applyLoad(prepared, path.basename(source.fsPath)));
    model.invalidate(environment.prefix);
    if (record === 'cancelled') void vscode.window.showInformationMessage(`Snakepit: load into ${environment.name} cancelled; it is as it was before.`);
    else if (record) void vscode.window.showInformationMessage(`Snakepit: ${environment.name} is now the environment saved in ${vscode.workspace.asRelativePath(source)} (${describeChanges(changes)}).`);
    return record === 'cancelled' ? undefined : record;
  });

  /** Every unverified distribution, by its exact version, through the gate (the gate's settings; nothing installed). */
  register('snakepit.environments.verify', async (node?: EnvironmentNode) => {
    const environment = await environmentOf(node, 'verify');
    if (!environment) return undefined;
    const state = await reading(`Snakepit: reading ${environment.name}`, log, () => model.state(environment));
    if (!state) return undefined;
    const specs = state.distributions.filter((d) => d.verification.state === 'unverified').map((d) => `${d.name}==${d.version}`);
    if (specs.length === 0) {
      void vscode.window.showInformationMessage(`Snakepit: every package in ${environment.name} has a verdict already.`);
      return [];
    }
    log.info(`verifying ${specs.length} unverified package(s) of ${environment.prefix}: ${specs.join(' ')}`);
    await vscode.commands.executeCommand('snakepit.gate.validatePackage', specs);
    model.refresh();
    return specs;
  });

  register('snakepit.environments.openTerminal', async (node?: EnvironmentNode) => {
    const environment = node && 'environment' in node && node.environment ? node.environment : await model.workspaceEnvironment();
    if (!environment) {
      void vscode.window.showInformationMessage('Snakepit: no environment in the workspace; create one with `python3 -m venv .venv`.');
      return undefined;
    }
    return openEnvironmentTerminal(environment);
  });

  register('snakepit.environments.revealValidation', async (node?: Of<'distribution'>) => {
    if (node?.kind !== 'distribution') return undefined;
    const { name, version } = node.distribution;
    const record = gate.verdicts.latestFor(name, version);
    if (!record) {
      const VALIDATE = `Validate ${name}==${version}`;
      const choice = await vscode.window.showInformationMessage(`Snakepit: the gate never validated ${name} ${version}.`, VALIDATE);
      if (choice === VALIDATE) await vscode.commands.executeCommand('snakepit.gate.validatePackage', `${name}==${version}`);
      return undefined;
    }
    await gate.validationsView.reveal(record, { select: true, focus: true });
    return record;
  });
}
