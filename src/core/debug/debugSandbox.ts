import * as path from 'node:path';
import { describeSandboxDependencies, type MissingDependency, type ProvidedWheel, type SandboxDependencies } from '../environments/sandboxDependencies';
import type { Engine, ExecOptions, ExecResult, Mount, SandboxProcess, SandboxRecord } from '../sandbox/engine';
import { generateSandboxName } from '../sandbox/names';
import type { SandboxServices } from '../sandbox/sandboxServices';
import { selectEngine } from '../sandbox/selectEngine';
import { installInto, placeWheels, sandboxVenv, type InstallOutcome, type InstallTarget, type SandboxVenv, type WheelPlacement } from './installDependencies';
import type { SandboxChoice } from './launchConfig';
import type { PathMapping } from './pathMapper';

/** Where the workspace folder appears inside docker and bubblewrap sandboxes (under the work dir: bubblewrap can only make mount points in writable places). */
export const WORKSPACE_IN_SANDBOX = '/work/workspace';
/** Where a cached debugpy and Snakepit's python/ helpers appear (read-only) inside the sandbox. */
export const DEBUGPY_IN_SANDBOX = '/tmp/snakepit-debugpy';
export const HELPERS_IN_SANDBOX = '/tmp/snakepit-python';

export interface DebugSandboxRequest {
  choice: SandboxChoice;
  workspaceFolder: string;
  writableWorkspace: boolean;
  /** Host directory of a cached debugpy for this engine and image, when there is one. */
  cachedDebugpy?: (engine: string, image: string) => string | undefined;
  /** Host directories the sandbox must see read-only at the same path (local package indexes). */
  extraReadOnly: string[];
  helpersDir?: string;
  /** The workspace environment's verified wheels to install into an ephemeral sandbox, and what cannot be. */
  dependencies?: SandboxDependencies;
  progress: (message: string) => void;
}

/** What the sandbox got of the workspace environment (the body of the `snakepitDependencies` event). */
export interface ProvidedDependencies {
  /** The environment's name (`.venv`). */
  environment: string;
  installed: ProvidedWheel[];
  missing: MissingDependency[];
}

/** A sandbox prepared for one debug session: created for it (ephemeral) or reused by name. */
export interface DebugSandbox {
  record: SandboxRecord;
  engine: Engine;
  ephemeral: boolean;
  /** Host workspace ↔ sandbox path. */
  mappings: PathMapping[];
  /** Sandbox path of the mounted cached debugpy, if one was mounted. */
  debugpyPath?: string;
  /** Sandbox path of Snakepit's python/ helpers, if mounted. */
  helpersPath?: string;
  /**
   * Settles once the workspace environment's wheels are installed (or not) and reported, with what went in and what
   * did not (undefined when nothing was asked): wait for it before launching the program.
   */
  dependenciesReady: Promise<ProvidedDependencies | undefined>;
  describe: string;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  spawn(argv: readonly string[], options?: Pick<ExecOptions, 'cwd' | 'env'>): Promise<SandboxProcess>;
  dispose(keep: boolean): Promise<void>;
}

export async function prepareDebugSandbox(services: SandboxServices, actor: string, request: DebugSandboxRequest): Promise<DebugSandbox> {
  return request.choice.name ? reuseSandbox(services, actor, request) : createSandbox(services, actor, request);
}

async function createSandbox(services: SandboxServices, actor: string, request: DebugSandboxRequest): Promise<DebugSandbox> {
  const selected = await selectEngine(request.choice.engine ?? 'auto', services.engines);
  const kind = selected.engine.kind;
  const traits = selected.engine.traits;
  const mounts: Mount[] = [];
  const mappings: PathMapping[] = [];
  const mount = (hostPath: string, sandboxPath: string, readOnly: boolean) => {
    if (traits.hostFiles === 'shared') return hostPath;
    mounts.push({ hostPath, sandboxPath, readOnly });
    return sandboxPath;
  };
  mappings.push({ hostRoot: request.workspaceFolder, sandboxRoot: mount(request.workspaceFolder, WORKSPACE_IN_SANDBOX, !request.writableWorkspace) });
  const chosenImage = request.choice.image ?? (traits.image === 'container' ? request.choice.containerImage : undefined);
  const image = chosenImage ?? traits.defaultImage;
  const cached = request.cachedDebugpy?.(kind, image);
  const debugpyPath = cached ? mount(cached, DEBUGPY_IN_SANDBOX, true) : undefined;
  const helpersPath = request.helpersDir ? mount(request.helpersDir, HELPERS_IN_SANDBOX, true) : undefined;
  // A container sees none of the host's files: local package indexes go in at the paths pip's configuration names.
  if (traits.hostFiles === 'at-create') for (const dir of request.extraReadOnly) mount(dir, dir, true);
  const wheels = request.dependencies?.wheels ?? [];
  const placement = placeWheels(wheels, traits.hostFiles);
  // A container's mounts are fixed at create; other engines get them for the install alone (installDependencies).
  if (traits.hostFiles === 'at-create') mounts.push(...placement.mounts);
  request.progress(`Snakepit: creating a ${selected.reason.split(':')[0]} sandbox for this debug session (network: none; workspace ${request.writableWorkspace ? 'read-write' : 'read-only'})`);
  const record = await services.manager.create(kind, {
    name: generateSandboxName('dbg'),
    image: chosenImage,
    // Kept sandboxes are the user's from now on: a `debug` one would be reaped once this process is gone.
    purpose: request.choice.keep ? 'user' : 'debug',
    network: 'none',
    mounts,
  });
  const dependenciesReady = request.dependencies ? (await installDependencies(services, actor, selected.engine, record, request.dependencies, placement, request.progress)).done : Promise.resolve(undefined);
  return handle(services, actor, selected.engine, record, {
    ephemeral: true,
    mappings,
    debugpyPath,
    helpersPath,
    dependenciesReady,
    describe: `${kind} sandbox "${record.name}" (ephemeral; ${selected.reason})`,
    cleanup: async () => {},
  });
}

/**
 * Makes the venv the wheels go into (a container's python3 is the venv's from then on, for the adapter and for the
 * Python reported), then starts pip beside the adapter's start; `done` settles once it is done and reported.
 */
async function installDependencies(
  services: SandboxServices,
  actor: string,
  engine: Engine,
  record: SandboxRecord,
  dependencies: SandboxDependencies,
  placement: WheelPlacement,
  progress: (message: string) => void,
): Promise<{ done: Promise<ProvidedDependencies> }> {
  const { wheels } = dependencies;
  // A per-command engine gets the mounts for these commands alone: a kept sandbox must not depend on the cache later.
  const installRecord = engine.traits.hostFiles === 'per-command' ? { ...record, mounts: [...record.mounts, ...placement.mounts] } : record;
  const target: InstallTarget = {
    workDir: record.workDir,
    venvAtCreate: engine.traits.venvAtCreate,
    run: (argv, options) => services.audit.record(actor, record.name, 'exec', { argv, purpose: 'debug-dependencies' }, () => engine.exec(installRecord, argv, options)),
  };
  const venv: SandboxVenv | undefined = wheels.length > 0 ? await sandboxVenv(target).catch((error: unknown) => ({ problem: `making a venv for it failed: ${messageOf(error)}`, fix: 'see the log' })) : undefined;
  const done = (venv ? installInto(target, venv, wheels, placement.paths) : Promise.resolve({ installed: [], failed: [] }))
    .catch((error: unknown): InstallOutcome => ({ installed: [], failed: wheels.map((w) => ({ name: w.name, version: w.version, state: w.state, reason: `installing it failed: ${messageOf(error)}`, fix: 'see the log' })) }))
    .then((outcome) => {
      for (const line of describeSandboxDependencies(dependencies, outcome)) progress(`Snakepit: ${line}`);
      return { environment: dependencies.environment?.name ?? '', installed: outcome.installed, missing: [...dependencies.missing, ...outcome.failed] };
    });
  // Wrapped: awaiting a promise that resolves to a promise would wait for pip too.
  return { done };
}

async function reuseSandbox(services: SandboxServices, actor: string, request: DebugSandboxRequest): Promise<DebugSandbox> {
  const name = request.choice.name!;
  const stored = await services.manager.get(name);
  const engine = services.engines[stored.engine];
  if (!engine) throw new Error(`sandbox "${name}" uses the ${stored.engine} engine, which is not available in this process`);
  const health = await services.manager.health(stored);
  const hostFiles = engine.traits.hostFiles;
  if (engine.traits.staysRunning && health.state === 'stopped') await services.manager.start(name);
  else if (health.state === 'missing' || health.state === 'dead') throw new Error(`sandbox "${name}" cannot run anything: ${health.reason ?? health.state}; remove it and create it again`);
  const existing = stored.mounts.find((m) => isUnder(request.workspaceFolder, m.hostPath));
  let record = stored;
  let workspaceRoot: string;
  let cleanup = async () => {};
  if (hostFiles === 'shared') {
    workspaceRoot = request.workspaceFolder;
  } else if (existing) {
    workspaceRoot = path.posix.join(existing.sandboxPath, path.relative(existing.hostPath, request.workspaceFolder).split(path.sep).join('/'));
  } else if (hostFiles === 'per-command') {
    // Mounts apply per command: this session's commands see the workspace, the stored sandbox does not change.
    workspaceRoot = WORKSPACE_IN_SANDBOX;
    record = { ...stored, mounts: [...stored.mounts, { hostPath: request.workspaceFolder, sandboxPath: WORKSPACE_IN_SANDBOX, readOnly: !request.writableWorkspace }] };
  } else {
    // A container's mounts are fixed when it is made: copy the workspace in, and take the copy away afterwards.
    workspaceRoot = path.posix.join(stored.workDir, '.snakepit-debug-workspace');
    request.progress(`Snakepit: sandbox "${name}" has no mount of ${request.workspaceFolder}: copying it to ${workspaceRoot} (changes made there do not reach the host)`);
    await engine.exec(stored, ['rm', '-rf', workspaceRoot]);
    await services.manager.copyIn(name, request.workspaceFolder, workspaceRoot);
    cleanup = async () => {
      await engine.exec(stored, ['rm', '-rf', workspaceRoot]).catch(() => undefined);
    };
  }
  let debugpyPath: string | undefined;
  const cached = request.cachedDebugpy?.(stored.engine, stored.image);
  if (cached && hostFiles === 'per-command') {
    record = { ...record, mounts: [...record.mounts, { hostPath: cached, sandboxPath: DEBUGPY_IN_SANDBOX, readOnly: true }] };
    debugpyPath = DEBUGPY_IN_SANDBOX;
  } else if (cached && hostFiles === 'shared') debugpyPath = cached;
  let helpersPath: string | undefined;
  if (request.helpersDir) {
    if (hostFiles === 'shared') helpersPath = request.helpersDir;
    else if (hostFiles === 'per-command') {
      record = { ...record, mounts: [...record.mounts, { hostPath: request.helpersDir, sandboxPath: HELPERS_IN_SANDBOX, readOnly: true }] };
      helpersPath = HELPERS_IN_SANDBOX;
    }
  }
  return handle(services, actor, engine, record, {
    ephemeral: false,
    mappings: [{ hostRoot: request.workspaceFolder, sandboxRoot: workspaceRoot }],
    debugpyPath,
    helpersPath,
    describe: `${stored.engine} sandbox "${name}" (reused; network: ${stored.network})`,
    cleanup,
  });
}

function handle(
  services: SandboxServices,
  actor: string,
  engine: Engine,
  record: SandboxRecord,
  parts: { ephemeral: boolean; mappings: PathMapping[]; debugpyPath?: string; helpersPath?: string; dependenciesReady?: Promise<ProvidedDependencies | undefined>; describe: string; cleanup: () => Promise<void> },
): DebugSandbox {
  let disposed: Promise<void> | undefined;
  return {
    record,
    engine,
    ephemeral: parts.ephemeral,
    mappings: parts.mappings,
    debugpyPath: parts.debugpyPath,
    helpersPath: parts.helpersPath,
    dependenciesReady: parts.dependenciesReady ?? Promise.resolve(undefined),
    describe: parts.describe,
    exec: (argv, options) => services.audit.record(actor, record.name, 'exec', { argv, purpose: 'debug' }, () => engine.exec(record, argv, options)),
    spawn: (argv, options) => services.audit.record(actor, record.name, 'spawn', { argv, purpose: 'debug' }, () => engine.spawn(record, argv, options)),
    dispose: (keep) =>
      (disposed ??= (async () => {
        await parts.cleanup();
        if (parts.ephemeral && !keep) await services.manager.remove([record.name]);
      })()),
  };
}


function isUnder(candidate: string, dir: string): boolean {
  const resolved = path.resolve(candidate);
  const root = path.resolve(dir);
  return resolved === root || resolved.startsWith(root + path.sep);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
