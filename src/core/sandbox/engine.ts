import type { Readable, Writable } from 'node:stream';

/** Every engine there is, in the order `auto` tries them: the one list the CLI choices, launch config and settings enums follow. */
export const ENGINE_KINDS = ['docker', 'podman', 'bubblewrap', 'venv'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];
/** What a user may ask for: an engine, or `auto` (the first available of ENGINE_KINDS). */
export const ENGINE_CHOICES = ['auto', ...ENGINE_KINDS] as const;

/** `none`: no network at all (the default); `bridge`: the engine's ordinary network. */
export type NetworkMode = 'none' | 'bridge';

/**
 * Why a sandbox exists. `ephemeral`, `gate` and `debug` sandboxes belong to the
 * process that made them and are reaped once it is gone; `user` ones stay until removed.
 */
export type SandboxPurpose = 'user' | 'ephemeral' | 'gate' | 'debug';

export interface ResourceLimits {
  /** CPUs the sandbox may use, e.g. 1.5 (docker: CPU quota/period; bubblewrap: cgroup where available). */
  cpus?: number;
  memoryBytes?: number;
  pids?: number;
}

export interface Mount {
  hostPath: string;
  sandboxPath: string;
  readOnly: boolean;
}

export interface SandboxSpec {
  /** Unique among Snakepit's sandboxes: `[a-z0-9][a-z0-9_.-]{0,62}`. */
  name: string;
  /** docker: the image; bubblewrap/venv: the Python interpreter the venv is made from (default python3). */
  image?: string;
  limits?: ResourceLimits;
  network?: NetworkMode;
  purpose?: SandboxPurpose;
  mounts?: Mount[];
  /** Extra labels to record (docker: on every object; others: in the record). */
  labels?: Record<string, string>;
  /**
   * The runtime asked for (docker: runc, runsc or auto), and the setting it came from for error messages. Callers pass
   * it whatever the engine; an engine without a choice of runtime ignores it (selectEngine refuses runsc without docker).
   */
  runtime?: string;
  runtimeSetting?: string;
}

export interface SnapshotRecord {
  id: string;
  label: string;
  createdAt: string;
  /** docker: the snapshot volume's name (an image ID for snapshots taken by earlier versions, still restorable); bubblewrap/venv: the snapshot directory. */
  handle: string;
}

/** What Snakepit persists about a sandbox; everything an engine needs to act on it again after a restart. */
export interface SandboxRecord {
  name: string;
  engine: EngineKind;
  image: string;
  purpose: SandboxPurpose;
  network: NetworkMode;
  limits: ResourceLimits;
  mounts: Mount[];
  createdAt: string;
  /** The process that created it (for reaping): pid and start time, so a reused pid is not mistaken for it. */
  owner: { pid: number; startedAt: number; hostname: string };
  /** docker: container ID; bubblewrap/venv: the sandbox directory on the host. */
  handle: string;
  /** The writable working directory as seen from inside (docker and bubblewrap: /work). */
  workDir: string;
  snapshots: SnapshotRecord[];
  /**
   * The state directory that keeps this sandbox's record (a hash of its path), for engines whose resources are shared
   * by the whole machine (docker): recovery and reaping see only their own scope's resources, never another's.
   */
  scope?: string;
}

export interface ExecOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Text written to the command's stdin, then closed. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface ExecResult {
  /** null when the command was killed (timeout, cancel, out of memory). */
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** True when the kernel killed the command for exceeding the sandbox's memory limit. */
  outOfMemory?: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Why the command did not end normally, in words: "killed: out of memory (limit 256 MiB)", "timed out after 5 s". */
  reason?: string;
}

/** A running command with its streams, for interactive use (terminals, debug adapters). */
export interface SandboxProcess {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Resolves when the command ends. */
  exited: Promise<{ exitCode: number | null }>;
  kill(): Promise<void>;
}

/** How to start an interactive shell inside a sandbox (what a terminal runs). */
export interface TerminalCommand {
  shellPath: string;
  shellArgs: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** The prompt of a sandbox's terminal, so nobody mistakes it for a host shell (plain: /bin/sh may be dash). */
export function terminalPrompt(name: string): string {
  return `(snakepit:${name}) $ `;
}

export type SandboxState = 'running' | 'stopped' | 'dead' | 'unhealthy' | 'missing';

export interface SandboxHealth {
  state: SandboxState;
  /** Why it is not running, in words: "killed: out of memory (limit 256 MiB)", "container removed outside Snakepit". */
  reason?: string;
  oomKilled?: boolean;
}

export interface SandboxStats {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes?: number;
  pids: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
}

export type Availability = { ok: true; detail: string } | { ok: false; reason: string };

/** Something Snakepit made, found through its labels or paths (for reaping and rebuilding state). */
export interface OwnedResource {
  engine: EngineKind;
  kind: 'container' | 'image' | 'volume' | 'directory';
  id: string;
  sandbox: string;
  purpose: SandboxPurpose;
  labels: Record<string, string>;
}

/** What differs between engines, for callers: ask these, never the engine's kind. */
export interface EngineTraits {
  /** The image (containers) or interpreter (host-dir engines) a sandbox gets when its spec names none. */
  defaultImage: string;
  /** What a spec's `image` names: a container image (see `Engine.ensureImage`) or the host interpreter the venv is made from. */
  image: 'container' | 'interpreter';
  /**
   * How host files reach a sandbox. `shared`: it runs on the host's own files, so nothing is mounted and host paths are
   * its paths (venv). `per-command`: mounts apply to each command and one command may add its own (bubblewrap).
   * `at-create`: mounts are fixed when the sandbox is made; files that come later go in by copy (containers).
   */
  hostFiles: 'shared' | 'per-command' | 'at-create';
  /**
   * True when a sandbox is a long-lived thing that must be running for commands to run (a container). Host-dir sandboxes
   * start every command afresh, so "stopped" is their normal idle state.
   */
  staysRunning: boolean;
  /**
   * Whether `create` makes the venv commands run in (`<workDir>/.venv`): the host-dir engines do; containers run the
   * image's Python, and a caller that wants a venv there (the gate) makes its own.
   */
  venvAtCreate: boolean;
}

/**
 * A way to run untrusted code: docker (containers through the Engine API),
 * bubblewrap (namespaces on Linux), or a plain venv (no isolation at all).
 */
export interface Engine {
  readonly kind: EngineKind;
  /** False only for the venv engine: everything it runs runs as the user, on the host. */
  readonly isolated: boolean;
  /** What `network: 'bridge'` gives one of its sandboxes, in a few words for notices ("the host's network"). */
  readonly bridgeNetwork: string;
  readonly traits: EngineTraits;
  available(): Promise<Availability>;
  /** Creates and starts a sandbox; on failure nothing it made is left behind. */
  create(spec: SandboxSpec): Promise<SandboxRecord>;
  start(record: SandboxRecord): Promise<void>;
  stop(record: SandboxRecord): Promise<void>;
  /** Removes the sandbox and everything it made (snapshots included). Succeeds if it is already gone. */
  destroy(record: SandboxRecord): Promise<void>;
  exec(record: SandboxRecord, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  spawn(record: SandboxRecord, argv: readonly string[], options?: Pick<ExecOptions, 'cwd' | 'env'>): Promise<SandboxProcess>;
  copyIn(record: SandboxRecord, hostPath: string, sandboxPath: string): Promise<void>;
  copyOut(record: SandboxRecord, sandboxPath: string, hostPath: string): Promise<void>;
  snapshot(record: SandboxRecord, label: string): Promise<SnapshotRecord>;
  /** Restores the sandbox's files exactly as they were at the snapshot. */
  rollback(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void>;
  deleteSnapshot(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void>;
  stats(record: SandboxRecord): Promise<SandboxStats>;
  inspect(record: SandboxRecord): Promise<SandboxHealth>;
  /** The command line of an interactive shell inside the sandbox, for a terminal (prompt `(snakepit:NAME)`). */
  terminalCommand?(record: SandboxRecord): TerminalCommand;
  /**
   * Engines whose sandboxes run container images: makes sure `image` is there, pulling it or (with `buildLocal`) building
   * a local Python image when it cannot be pulled.
   */
  ensureImage?(image: string, options?: { buildLocal?: boolean; progress?: (message: string) => void }): Promise<'present' | 'pulled' | 'built'>;
  /** Everything this engine holds that Snakepit made. */
  listOwned(): Promise<OwnedResource[]>;
  /** Removes one owned resource found by `listOwned` (for reaping orphans). */
  removeOwned(resource: OwnedResource): Promise<void>;
}

export const LABEL = {
  owner: 'snakepit.owner',
  sandbox: 'snakepit.sandbox',
  purpose: 'snakepit.purpose',
  createdAt: 'snakepit.created',
  ownerPid: 'snakepit.owner.pid',
  ownerStartedAt: 'snakepit.owner.started',
  ownerHost: 'snakepit.owner.host',
  image: 'snakepit.image',
  network: 'snakepit.network',
  workDir: 'snakepit.workdir',
  snapshotOf: 'snakepit.snapshot.of',
  snapshotId: 'snakepit.snapshot.id',
  snapshotLabel: 'snakepit.snapshot.label',
  scope: 'snakepit.scope',
} as const;

/** The value of the `snakepit.owner` label on everything Snakepit makes; nothing without it is ever touched. */
export const OWNER_LABEL_VALUE = 'snakepit';

export const SANDBOX_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export class SandboxError extends Error {
  constructor(
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
  ) {
    super(hint ? `${message}. ${hint}` : message);
    this.name = 'SandboxError';
  }
}
