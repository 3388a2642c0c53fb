import * as vscode from 'vscode';
import { classifyCommand } from '../../core/sandbox/commandSafety';
import type { Engine, EngineKind } from '../../core/sandbox/engine';
import { type DockerSandboxSpec, isRuntimeChoice } from '../../core/sandbox/docker';
import type { SandboxServices } from '../../core/sandbox/sandboxServices';
import { selectEngine, type EngineChoice } from '../../core/sandbox/selectEngine';
import { describeAge, rollbackWarning } from './rollbackWarning';
import type { SandboxTerminals } from './sandboxTerminals';
import type { SandboxTreeNode, SandboxTreeProvider } from './sandboxTree';

type SandboxNode = Extract<SandboxTreeNode, { kind: 'sandbox' }>;
type SnapshotNode = Extract<SandboxTreeNode, { kind: 'snapshot' }>;
type GroupNode = Extract<SandboxTreeNode, { kind: 'group' }>;

function settings() {
  const config = vscode.workspace.getConfiguration('snakepit.sandbox');
  const runtime = config.get<string>('runtime', 'runc');
  return { engine: config.get<EngineChoice>('engine', 'auto'), image: config.get<string>('image', 'python:3.12-slim'), runtime: isRuntimeChoice(runtime) ? runtime : 'runc' };
}

/** Runs a long operation under a cancellable notification; errors become messages that say what happened. */
async function withProgress<T>(title: string, log: vscode.LogOutputChannel, run: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return run(controller.signal);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`${title}: ${message}`);
    void vscode.window.showErrorMessage(`Snakepit: ${title} failed: ${message}`);
    return undefined;
  }
}

/**
 * Makes sure a container image is there before a sandbox is made from it: pulls it with progress,
 * and when pulling fails (offline, no registry) offers to build a local Python image.
 */
async function ensureContainerImage(ensure: NonNullable<Engine['ensureImage']>, image: string, log: vscode.LogOutputChannel): Promise<boolean> {
  const BUILD = 'Build Local Python Image';
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Snakepit: preparing ${image}` }, (progress) =>
      ensure(image, {
        progress: (message) => {
          log.info(message);
          progress.report({ message });
        },
      }),
    );
    return true;
  } catch (error) {
    // Docker's own text (an HTTP 500 about a registry lookup) goes to the log; the user gets one sentence and the way out.
    log.warn(error instanceof Error ? error.message : String(error));
    const choice = await vscode.window.showErrorMessage(missingImageMessage(image), BUILD, 'Show Log');
    if (choice === 'Show Log') log.show();
    if (choice !== BUILD) return false;
  }
  const built = await withProgress(`Building ${image} from Debian packages`, log, () =>
    ensure(image, { buildLocal: true, progress: (message) => log.info(message) }),
  );
  return built !== undefined;
}

/** What a user reads when the sandbox image is neither here nor downloadable. */
export function missingImageMessage(image: string): string {
  return `Snakepit: the Docker image ${image} is not on this machine and cannot be downloaded; build a local Python image from Debian packages instead (about 30 s)?`;
}

async function pickSandbox(services: SandboxServices, node?: SandboxNode): Promise<string | undefined> {
  if (node) return node.record.name;
  const records = await services.manager.list();
  if (records.length === 0) {
    void vscode.window.showInformationMessage('Snakepit: there are no sandboxes yet.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    records.map((r) => ({ label: r.name, description: `${r.engine} · ${r.image}` })),
    { placeHolder: 'Sandbox' },
  );
  return pick?.label;
}

export interface SandboxViewParts {
  tree: SandboxTreeProvider;
  view: vscode.TreeView<SandboxTreeNode>;
  terminals: SandboxTerminals;
  /** Where Run Command shows what the command printed. */
  output: vscode.OutputChannel;
}

export function registerSandboxCommands(context: vscode.ExtensionContext, services: SandboxServices, parts: SandboxViewParts, log: vscode.LogOutputChannel): void {
  const { manager } = services;
  const { tree, view, terminals, output } = parts;
  const done = () => tree.refresh();
  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('snakepit.sandbox.refresh', (node?: GroupNode) => {
    if (node?.kind === 'group' && node.group === 'packages') tree.packagesChanged(node.record.name);
    else tree.refresh();
  });

  register('snakepit.sandbox.create', async (options?: { name?: string; engine?: EngineChoice; image?: string }) => {
    const name = options?.name ?? (await vscode.window.showInputBox({ prompt: 'Sandbox name (leave empty for a generated one)', validateInput: (v) => (!v || /^[a-z0-9][a-z0-9_.-]{0,62}$/.test(v) ? undefined : 'lowercase letters, digits, ".", "_" or "-"') }));
    if (name === undefined) return undefined;
    let selected: Awaited<ReturnType<typeof selectEngine>>;
    try {
      selected = await selectEngine(options?.engine ?? settings().engine, services.engines, { runtime: settings().runtime, setting: 'the setting snakepit.sandbox.runtime' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(message);
      void vscode.window.showErrorMessage(`Snakepit: ${message}`, 'Open Settings').then((choice) => choice && vscode.commands.executeCommand('snakepit.openSettings'));
      return undefined;
    }
    const { engine, reason } = selected;
    log.info(`creating sandbox with ${reason}`);
    const image = options?.image ?? (engine.traits.image === 'container' ? settings().image : undefined);
    const ensure = engine.ensureImage?.bind(engine);
    if (ensure && image && !(await ensureContainerImage(ensure, image, log))) return undefined;
    const spec: Omit<DockerSandboxSpec, 'name'> & { name?: string } = { name: name || undefined, image, purpose: 'user' };
    Object.assign(spec, { runtime: settings().runtime, runtimeSetting: 'the setting snakepit.sandbox.runtime' });
    const record = await withProgress(`Creating sandbox ${name || ''} (${engine.kind})`, log, () => manager.create(engine.kind as EngineKind, spec));
    done();
    return record?.name;
  });

  register('snakepit.sandbox.exec', async (node?: SandboxNode, command?: string) => {
    const name = await pickSandbox(services, node);
    if (!name) return undefined;
    command ??= await vscode.window.showInputBox({ prompt: `Command to run in ${name}`, placeHolder: 'python -m pip list' });
    if (!command) return undefined;
    const risks = classifyCommand(command);
    if (risks.length > 0) {
      const answer = await vscode.window.showWarningMessage(`This command ${risks.map((r) => r.reason).join(', and ')}. Run it in ${name} anyway?`, { modal: true }, 'Run');
      if (answer !== 'Run') return undefined;
    }
    log.info(`[${name}] $ ${command}`);
    output.appendLine(`[${name}] $ ${command}`);
    output.show(true);
    const result = await withProgress(`Running in ${name}: ${command}`, log, (signal) =>
      manager.exec(name, ['/bin/sh', '-c', command!], { signal, onStdout: (c) => output.append(String(c)), onStderr: (c) => output.append(String(c)) }),
    );
    if (result) {
      const status = result.exitCode === 0 ? 'exited with 0' : `exited with ${result.exitCode ?? 'a signal'}`;
      output.appendLine(`[${name}] ${status}\n`);
      const notify = result.exitCode === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void notify(`Snakepit: "${command}" in ${name} ${status}.`, 'Show Output').then((choice) => choice && output.show());
    }
    tree.packagesChanged(name);
    done();
    return result;
  });

  register('snakepit.sandbox.snapshot', async (node?: SandboxNode, label?: string) => {
    const name = await pickSandbox(services, node);
    if (!name) return undefined;
    label ??= await vscode.window.showInputBox({ prompt: `Label for the snapshot of ${name}`, value: `before ${new Date().toLocaleTimeString()}` });
    if (label === undefined) return undefined;
    const snapshot = await withProgress(`Snapshotting ${name}`, log, () => manager.snapshot(name, label));
    done();
    if (snapshot) {
      void vscode.window.showInformationMessage(`Snakepit: snapshot "${snapshot.label || snapshot.id}" of ${name} taken; roll back to it from the Sandboxes view.`);
      await revealSnapshot(name, snapshot.id);
    }
    return snapshot;
  });

  /** Shows the new snapshot selected in the view, its sandbox and group expanded (the view stays as it was otherwise). */
  async function revealSnapshot(name: string, id: string): Promise<void> {
    if (!view.visible) return;
    try {
      const record = await manager.get(name);
      const snapshot = record.snapshots.find((s) => s.id === id);
      if (snapshot) await view.reveal({ kind: 'snapshot', record, snapshot }, { select: true, focus: false, expand: true });
    } catch (error) {
      log.warn(`could not reveal the snapshot in the Sandboxes view: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  register('snakepit.sandbox.rollback', async (node?: SnapshotNode | SandboxNode, confirmed?: boolean) => {
    let name: string | undefined;
    let snapshotId: string | undefined;
    if (node?.kind === 'snapshot') {
      name = node.record.name;
      snapshotId = node.snapshot.id;
    } else {
      name = await pickSandbox(services, node);
      if (!name) return undefined;
      const record = await manager.get(name);
      if (record.snapshots.length === 0) {
        void vscode.window.showInformationMessage(`Snakepit: ${name} has no snapshots to roll back to; take one with Snapshot first.`);
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        [...record.snapshots].reverse().map((s) => ({ label: s.label || s.id, description: `taken ${describeAge(s.createdAt)}`, id: s.id })),
        { placeHolder: `Snapshot of ${name} to roll back to` },
      );
      if (!pick) return undefined;
      snapshotId = pick.id;
    }
    const record = await manager.get(name);
    const snapshot = record.snapshots.find((s) => s.id === snapshotId);
    if (!snapshot) {
      void vscode.window.showErrorMessage(`Snakepit: ${name} no longer has that snapshot; refresh the Sandboxes view.`);
      return undefined;
    }
    const openTerminals = terminals.of(name).length;
    if (!confirmed) {
      const warning = rollbackWarning(record, snapshot, openTerminals);
      const answer = await vscode.window.showWarningMessage(warning.message, { modal: true, detail: warning.detail }, 'Roll Back');
      if (answer !== 'Roll Back') return undefined;
    }
    const shown = snapshot.label || snapshot.id;
    const restored = await withProgress(`Rolling ${name} back to ${shown}`, log, () => manager.rollback(name, snapshot.id));
    tree.packagesChanged(name);
    done();
    if (!restored) return undefined;
    const reopened = openTerminals > 0 ? await terminals.reopen(name) : [];
    const terminalNote = reopened.length ? ` Its ${reopened.length === 1 ? 'terminal was' : `${reopened.length} terminals were`} reopened on the restored files.` : '';
    void vscode.window.showInformationMessage(`Snakepit: ${name} rolled back to "${shown}".${terminalNote}`);
    return restored;
  });

  register('snakepit.sandbox.stop', async (node?: SandboxNode) => {
    const name = await pickSandbox(services, node);
    if (name) terminals.close(name);
    if (name) await withProgress(`Stopping ${name}`, log, () => manager.stop(name));
    done();
  });

  register('snakepit.sandbox.start', async (node?: SandboxNode) => {
    const name = await pickSandbox(services, node);
    if (name) await withProgress(`Starting ${name}`, log, () => manager.start(name));
    done();
  });

  register('snakepit.sandbox.destroy', async (node?: SandboxNode, confirmed?: boolean) => {
    const name = await pickSandbox(services, node);
    if (!name) return;
    if (!confirmed) {
      const answer = await vscode.window.showWarningMessage(`Destroy sandbox ${name} and all its snapshots?`, { modal: true }, 'Destroy');
      if (answer !== 'Destroy') return;
    }
    // Closed first, quietly: a shell killed under its terminal shows an exit-code error the user did not cause.
    terminals.close(name);
    const removed = await withProgress(`Destroying ${name}`, log, async () => {
      await manager.remove([name]);
      return true;
    });
    done();
    if (removed) void vscode.window.setStatusBarMessage(`Snakepit: destroyed ${name}`, 5000);
  });

  register('snakepit.sandbox.prune', async () => {
    const removed = await withProgress('Pruning sandboxes', log, () => manager.prune());
    if (removed) void vscode.window.showInformationMessage(removed.length ? `Snakepit: removed ${removed.join(', ')}` : 'Snakepit: nothing to prune');
    done();
  });

  register('snakepit.sandbox.openTerminal', async (node?: SandboxNode) => {
    const name = await pickSandbox(services, node);
    if (!name) return undefined;
    const terminal = await terminals.openFor(name);
    terminal?.show();
    return terminal;
  });

  register('snakepit.sandbox.copyPath', async (node?: SandboxNode) => {
    const name = await pickSandbox(services, node);
    if (!name) return;
    const record = await manager.get(name);
    await vscode.env.clipboard.writeText(record.workDir);
    void vscode.window.setStatusBarMessage(`Copied ${record.workDir}`, 3000);
  });
}
