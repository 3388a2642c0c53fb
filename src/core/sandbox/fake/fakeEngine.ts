import * as os from 'node:os';
import * as path from 'node:path';
import {
  LABEL,
  SANDBOX_NAME,
  SandboxError,
  type Availability,
  type Engine,
  type EngineKind,
  type EngineTraits,
  type ExecOptions,
  type ExecResult,
  type OwnedResource,
  type SandboxHealth,
  type SandboxProcess,
  type SandboxRecord,
  type SandboxSpec,
  type SandboxStats,
  type SnapshotRecord,
  type TerminalCommand,
  terminalPrompt,
} from '../engine';
import { DEFAULT_IMAGE } from '../docker/dockerEngine';
import { currentOwner } from '../owner';
import { sandboxLabels } from '../sandboxLabels';
import { FakeFiles } from './fakeFiles';
import { FakeProcess } from './fakeProcess';

export type FakeOperation =
  | 'available'
  | 'create'
  | 'start'
  | 'stop'
  | 'destroy'
  | 'exec'
  | 'spawn'
  | 'copyIn'
  | 'copyOut'
  | 'snapshot'
  | 'rollback'
  | 'deleteSnapshot'
  | 'stats'
  | 'inspect'
  | 'listOwned'
  | 'removeOwned';

/** One call the engine received, in order: what orchestration tests assert on. */
export interface FakeCall {
  operation: FakeOperation;
  /** The sandbox's name (for create: the spec's; for removeOwned: the resource's). */
  sandbox?: string;
  argv?: readonly string[];
  /** What else the call carried: the spec, exec options (without functions), paths, the snapshot. */
  detail?: Record<string, unknown>;
}

/** What an exec handler answers: the parts of the result it cares about, or `hang` (until cancelled or timed out). */
export type ExecReply = Partial<Pick<ExecResult, 'exitCode' | 'stdout' | 'stderr' | 'outOfMemory' | 'reason'>> | 'hang';

export interface FakeExecContext {
  sandbox: FakeSandbox;
  record: SandboxRecord;
  options: ExecOptions;
  /** The sandbox's work tree: a handler may read and change it like the real command would. */
  files: FakeFiles;
  /** Aborted when the command times out or is cancelled. */
  signal: AbortSignal;
}

/** Computes a reply; `undefined` means the default reply (exit 0, no output). */
export type ExecHandler = (argv: readonly string[], context: FakeExecContext) => ExecReply | void | Promise<ExecReply | void>;

/** Which commands a rule applies to: an argv prefix (`['pip']` matches every pip command), a RegExp on the joined argv, or a predicate. */
export type ArgvMatcher = readonly string[] | RegExp | ((argv: readonly string[]) => boolean);

/** Plays a spawned command (see FakeProcess); without one, a spawned command runs until killed. */
export type SpawnHandler = (process: FakeProcess, context: { sandbox: FakeSandbox; record: SandboxRecord }) => void;

/** A fault waiting for the next call of an operation. */
export interface FakeHang {
  /** The held call goes on as usual (or fails with `error`). */
  release(error?: Error): void;
  /** Resolves once a call is being held. */
  readonly reached: Promise<void>;
}

type Fault = { kind: 'fail'; error: Error; sandbox?: string } | { kind: 'hang'; sandbox?: string; hang: HangGate };

interface HangGate extends FakeHang {
  gate: Promise<Error | undefined>;
  arrive(): void;
}

/** Everything the fake keeps about one sandbox. */
export interface FakeSandbox {
  record: SandboxRecord;
  labels: Record<string, string>;
  /** `running`/`stopped` as set by start and stop; `dead` after `crash`. */
  state: 'running' | 'stopped' | 'dead';
  deathReason?: string;
  oomKilled?: boolean;
  files: FakeFiles;
  snapshots: Map<string, { snapshot: SnapshotRecord; files: FakeFiles }>;
  /** Spawned commands still running, and the number of execs in flight. */
  processes: Set<FakeProcess>;
  runningExecs: number;
}

export interface FakeEngineOptions {
  /** The kind it stands in for (default bubblewrap): the manager keys engines by kind, callers branch on it. */
  kind?: EngineKind;
  /** Whether it claims isolation (default false: it runs nothing, so it isolates nothing). */
  isolated?: boolean;
  /** Labels everything it makes, like DockerEngine's scope (recorded in SandboxRecord.scope). */
  scope?: string;
  /** The work dir as the sandbox sees it (default /work). */
  workDir?: string;
  /** The image recorded when a spec has none (default: the real engine's: docker's default image, else `python3`). */
  defaultImage?: string;
}

/**
 * An in-memory Engine for orchestration tests: it keeps records and states, runs nothing (exec answers through
 * programmable handlers), snapshots an in-memory file tree, lists what it owns with the labels the real engines
 * use, and can be told to fail or hang the next call of any operation. It isolates nothing (`isolated` is false
 * unless asked) and says so in `available()`.
 */
export class FakeEngine implements Engine {
  readonly kind: EngineKind;
  readonly isolated: boolean;
  readonly bridgeNetwork = 'the fake network (nothing is reached)';
  /** As the real engine of its kind declares them (containers for docker and podman, host-dir engines otherwise). */
  readonly traits: EngineTraits;
  /** What `available()` answers. */
  availability: Availability = { ok: true, detail: 'fake engine: in memory, runs nothing, isolates nothing' };
  /** The owner recorded on the sandboxes created from now on (default: this process). */
  owner: SandboxRecord['owner'] = currentOwner();
  /** Every call received, oldest first. */
  readonly calls: FakeCall[] = [];

  private readonly sandboxes = new Map<string, FakeSandbox>();
  /** Names being created (reserved before any fault or hang, so two creates cannot share a name). */
  private readonly reserved = new Set<string>();
  private readonly execRules: Array<{ match: ArgvMatcher; reply: ExecReply | ExecHandler }> = [];
  private readonly spawnRules: Array<{ match: ArgvMatcher; handler: SpawnHandler }> = [];
  private readonly faults = new Map<FakeOperation, Fault[]>();
  private defaultReply: ExecReply | ExecHandler = { exitCode: 0 };
  private serial = 0;
  private readonly workDir: string;
  private readonly defaultImage: string;
  private readonly scope?: string;

  constructor(options: FakeEngineOptions = {}) {
    this.kind = options.kind ?? 'bubblewrap';
    this.isolated = options.isolated ?? false;
    this.workDir = options.workDir ?? '/work';
    const container = this.kind === 'docker' || this.kind === 'podman';
    this.defaultImage = options.defaultImage ?? (container ? DEFAULT_IMAGE : 'python3');
    this.scope = options.scope;
    this.traits = {
      defaultImage: this.defaultImage,
      image: container ? 'container' : 'interpreter',
      venvAtCreate: !container,
      hostFiles: container ? 'at-create' : this.kind === 'venv' ? 'shared' : 'per-command',
      staysRunning: container,
    };
  }

  // ---- programming the fake ----

  /** Answers commands that `match` with `reply` (a later rule wins over an earlier one). */
  onExec(match: ArgvMatcher, reply: ExecReply | ExecHandler): this {
    this.execRules.unshift({ match, reply });
    return this;
  }

  /** The answer to commands no rule matches (default: exit 0, no output). */
  setDefaultExec(reply: ExecReply | ExecHandler): this {
    this.defaultReply = reply;
    return this;
  }

  /** Plays spawned commands that `match` (a later rule wins). */
  onSpawn(match: ArgvMatcher, handler: SpawnHandler): this {
    this.spawnRules.unshift({ match, handler });
    return this;
  }

  /** The next call of `operation` (optionally: for this sandbox) throws `error`; `times` calls in a row if asked. */
  failNext(operation: FakeOperation, error: Error | string, options: { sandbox?: string; times?: number } = {}): this {
    const fault: Fault = { kind: 'fail', error: typeof error === 'string' ? new SandboxError(error) : error, sandbox: options.sandbox };
    for (let i = 0; i < (options.times ?? 1); i++) this.queue(operation).push(fault);
    return this;
  }

  /**
   * The next call of `operation` is held until `release()`; an exec is also let go by its AbortSignal or timeout
   * (it then ends cancelled or timed out, as a hung command would).
   */
  hangNext(operation: FakeOperation, options: { sandbox?: string } = {}): FakeHang {
    let release!: (error?: Error) => void;
    let arrive!: () => void;
    const gate = new Promise<Error | undefined>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (arrive = resolve));
    const hang: HangGate = { gate, release: (error?: Error) => release(error), reached, arrive };
    this.queue(operation).push({ kind: 'hang', sandbox: options.sandbox, hang });
    return hang;
  }

  /** The sandbox dies (its commands are killed): inspect says `dead` with the reason, exec fails. */
  crash(name: string, reason = 'killed outside Snakepit', options: { oomKilled?: boolean } = {}): void {
    const sandbox = this.require(name);
    sandbox.state = 'dead';
    sandbox.deathReason = reason;
    sandbox.oomKilled = options.oomKilled;
    this.killProcesses(sandbox);
  }

  /** The sandbox disappears behind Snakepit's back (removed by hand): inspect says `missing`, listOwned no longer has it. */
  vanish(name: string): void {
    const sandbox = this.require(name);
    this.killProcesses(sandbox);
    this.sandboxes.delete(name);
  }

  // ---- looking inside ----

  /** The records of the sandboxes it holds (copies). */
  records(): SandboxRecord[] {
    return [...this.sandboxes.values()].map((s) => structuredClone(s.record));
  }

  sandbox(name: string): FakeSandbox | undefined {
    return this.sandboxes.get(name);
  }

  has(name: string): boolean {
    return this.sandboxes.has(name);
  }

  /** The work tree of a sandbox (throws if it does not exist). */
  files(name: string): FakeFiles {
    return this.require(name).files;
  }

  /** Spawned commands, running or not, of one sandbox or of all. */
  readonly spawned: FakeProcess[] = [];

  callsOf(operation: FakeOperation, sandbox?: string): FakeCall[] {
    return this.calls.filter((c) => c.operation === operation && (sandbox === undefined || c.sandbox === sandbox));
  }

  // ---- the Engine ----

  async available(): Promise<Availability> {
    this.log('available');
    await this.fault('available');
    return this.availability;
  }

  async create(spec: SandboxSpec): Promise<SandboxRecord> {
    this.log('create', spec.name, { spec: structuredClone(spec) });
    if (!SANDBOX_NAME.test(spec.name)) throw new SandboxError(`"${spec.name}" is not a valid sandbox name`);
    if (this.sandboxes.has(spec.name) || this.reserved.has(spec.name)) {
      throw new SandboxError(`A sandbox named "${spec.name}" already exists in the fake engine`, 'Pick another name or remove it first');
    }
    this.reserved.add(spec.name);
    try {
      await this.fault('create', spec.name);
      const createdAt = new Date().toISOString();
      const record: SandboxRecord = {
        name: spec.name,
        engine: this.kind,
        image: spec.image ?? this.defaultImage,
        purpose: spec.purpose ?? 'user',
        network: spec.network ?? 'none',
        limits: { ...spec.limits },
        mounts: (spec.mounts ?? []).map((m) => ({ ...m })),
        createdAt,
        owner: { ...this.owner },
        handle: `fake-${this.kind}-${spec.name}-${++this.serial}`,
        workDir: this.workDir,
        snapshots: [],
        ...(this.scope ? { scope: this.scope } : {}),
      };
      this.sandboxes.set(spec.name, {
        record,
        labels: this.labelsOf(record, spec.labels),
        state: 'running',
        files: new FakeFiles(this.workDir),
        snapshots: new Map(),
        processes: new Set(),
        runningExecs: 0,
      });
      return structuredClone(record);
    } finally {
      this.reserved.delete(spec.name);
    }
  }

  async start(record: SandboxRecord): Promise<void> {
    this.log('start', record.name);
    await this.fault('start', record.name);
    const sandbox = this.find(record);
    if (sandbox.state === 'dead') throw new SandboxError(`Sandbox "${record.name}" is dead (${sandbox.deathReason}) and cannot start`);
    sandbox.state = 'running';
  }

  async stop(record: SandboxRecord): Promise<void> {
    this.log('stop', record.name);
    await this.fault('stop', record.name);
    const sandbox = this.find(record);
    this.killProcesses(sandbox);
    if (sandbox.state === 'running') sandbox.state = 'stopped';
  }

  async destroy(record: SandboxRecord): Promise<void> {
    this.log('destroy', record.name);
    await this.fault('destroy', record.name);
    const sandbox = this.lookup(record);
    if (!sandbox) return;
    this.killProcesses(sandbox);
    this.sandboxes.delete(sandbox.record.name);
  }

  async exec(record: SandboxRecord, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { onStdout: _out, onStderr: _err, signal: _signal, ...plain } = options;
    this.log('exec', record.name, { options: plain }, argv);
    const started = Date.now();
    if (options.signal?.aborted) return killed(started, { cancelled: true, reason: 'cancelled before it started' });
    const ended = new AbortController();
    let timedOut = false;
    let cancelled = false;
    const timer = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), ended.abort()), options.timeoutMs) : undefined;
    const onAbort = () => ((cancelled = true), ended.abort());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const endedPromise = new Promise<'ended'>((resolve) => ended.signal.addEventListener('abort', () => resolve('ended'), { once: true }));
    let counted: FakeSandbox | undefined;
    try {
      const held = await Promise.race([this.fault('exec', record.name, endedPromise), endedPromise]);
      if (held === 'ended') return killed(started, { timedOut, cancelled, timeoutMs: options.timeoutMs });
      const sandbox = this.find(record);
      if (sandbox.state === 'dead') throw new SandboxError(`Sandbox "${record.name}" is dead (${sandbox.deathReason}); nothing can run in it`);
      if (sandbox.state === 'stopped' && this.kind === 'docker') throw new SandboxError(`Sandbox "${record.name}" is not running`, 'Start it first');
      sandbox.runningExecs++;
      counted = sandbox;
      const rule = this.execRules.find((r) => matches(r.match, argv));
      const reply = rule ? rule.reply : this.defaultReply;
      const context: FakeExecContext = { sandbox, record, options, files: sandbox.files, signal: ended.signal };
      const answer = typeof reply === 'function' ? Promise.resolve(reply(argv, context)) : Promise.resolve(reply);
      const outcome = await Promise.race([answer, endedPromise]);
      if (outcome === 'ended' || outcome === 'hang') {
        if (outcome === 'hang') await endedPromise;
        return killed(started, { timedOut, cancelled, timeoutMs: options.timeoutMs });
      }
      const result: ExecResult = { exitCode: 0, timedOut: false, cancelled: false, stdout: '', stderr: '', durationMs: Date.now() - started, ...(outcome ?? {}) };
      if (result.outOfMemory && result.exitCode === 0) result.exitCode = null;
      if (result.stdout) options.onStdout?.(Buffer.from(result.stdout));
      if (result.stderr) options.onStderr?.(Buffer.from(result.stderr));
      return result;
    } finally {
      if (counted) counted.runningExecs--;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async spawn(record: SandboxRecord, argv: readonly string[], options: Pick<ExecOptions, 'cwd' | 'env'> = {}): Promise<SandboxProcess> {
    this.log('spawn', record.name, { options: { ...options } }, argv);
    await this.fault('spawn', record.name);
    const sandbox = this.find(record);
    if (sandbox.state === 'dead') throw new SandboxError(`Sandbox "${record.name}" is dead (${sandbox.deathReason}); nothing can run in it`);
    if (sandbox.state === 'stopped' && this.kind === 'docker') throw new SandboxError(`Sandbox "${record.name}" is not running`, 'Start it first');
    const child = new FakeProcess(record.name, [...argv], options);
    sandbox.processes.add(child);
    this.spawned.push(child);
    void child.exited.then(() => sandbox.processes.delete(child));
    this.spawnRules.find((r) => matches(r.match, argv))?.handler(child, { sandbox, record });
    return child;
  }

  async copyIn(record: SandboxRecord, hostPath: string, sandboxPath: string): Promise<void> {
    this.log('copyIn', record.name, { hostPath, sandboxPath });
    await this.fault('copyIn', record.name);
    const sandbox = this.find(record);
    sandbox.files.importFromHost(hostPath, this.insideWork(sandbox, sandboxPath));
  }

  async copyOut(record: SandboxRecord, sandboxPath: string, hostPath: string): Promise<void> {
    this.log('copyOut', record.name, { sandboxPath, hostPath });
    await this.fault('copyOut', record.name);
    const sandbox = this.find(record);
    sandbox.files.exportToHost(this.insideWork(sandbox, sandboxPath), hostPath);
  }

  async snapshot(record: SandboxRecord, label: string): Promise<SnapshotRecord> {
    this.log('snapshot', record.name, { label });
    await this.fault('snapshot', record.name);
    const sandbox = this.find(record);
    const id = `snap-${++this.serial}`;
    const snapshot: SnapshotRecord = { id, label, createdAt: new Date().toISOString(), handle: `fake-snapshot-${record.name}-${id}` };
    sandbox.snapshots.set(id, { snapshot, files: sandbox.files.clone() });
    return { ...snapshot };
  }

  async rollback(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    this.log('rollback', record.name, { snapshot: { ...snapshot } });
    await this.fault('rollback', record.name);
    const sandbox = this.find(record);
    const kept = sandbox.snapshots.get(snapshot.id);
    if (!kept) throw new SandboxError(`Snapshot "${snapshot.label}" (${snapshot.id}) of sandbox "${record.name}" is gone`, 'Take a new snapshot');
    // Like the directory engines: commands still running would write into the replaced tree.
    this.killProcesses(sandbox);
    sandbox.files.replaceWith(kept.files);
  }

  async deleteSnapshot(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    this.log('deleteSnapshot', record.name, { snapshot: { ...snapshot } });
    await this.fault('deleteSnapshot', record.name);
    this.lookup(record)?.snapshots.delete(snapshot.id);
  }

  async stats(record: SandboxRecord): Promise<SandboxStats> {
    this.log('stats', record.name);
    await this.fault('stats', record.name);
    const sandbox = this.find(record);
    const live = sandbox.processes.size + sandbox.runningExecs;
    return {
      cpuPercent: 0,
      memoryBytes: sandbox.files.size(),
      ...(record.limits.memoryBytes !== undefined ? { memoryLimitBytes: record.limits.memoryBytes } : {}),
      pids: this.kind === 'docker' && sandbox.state === 'running' ? live + 1 : live,
      blockReadBytes: 0,
      blockWriteBytes: 0,
      networkRxBytes: 0,
      networkTxBytes: 0,
    };
  }

  /**
   * Like the real engines: `missing` once gone, `dead` after a crash; the docker kind is `running` or `stopped` as
   * started and stopped; the directory kinds are `running` only while a command runs.
   */
  async inspect(record: SandboxRecord): Promise<SandboxHealth> {
    this.log('inspect', record.name);
    await this.fault('inspect', record.name);
    const sandbox = this.lookup(record);
    if (!sandbox) return { state: 'missing', reason: `sandbox "${record.name}" is gone from the fake engine` };
    if (sandbox.state === 'dead') return { state: 'dead', reason: sandbox.deathReason, ...(sandbox.oomKilled ? { oomKilled: true } : {}) };
    const live = sandbox.processes.size + sandbox.runningExecs;
    if (this.kind === 'docker') return { state: sandbox.state };
    return live > 0 ? { state: 'running', reason: `${live} command(s) running` } : { state: 'stopped' };
  }

  terminalCommand(record: SandboxRecord): TerminalCommand {
    return { shellPath: '/bin/sh', shellArgs: ['-c', `echo ${JSON.stringify(`${terminalPrompt(record.name)}(fake: nothing runs here)`)}`] };
  }

  /** The sandboxes (a container for the docker kind, a directory otherwise) and, for the docker kind, their snapshots (volumes). */
  async listOwned(): Promise<OwnedResource[]> {
    this.log('listOwned');
    await this.fault('listOwned');
    const owned: OwnedResource[] = [];
    for (const sandbox of this.sandboxes.values()) {
      const { record } = sandbox;
      owned.push({ engine: this.kind, kind: this.kind === 'docker' ? 'container' : 'directory', id: record.handle, sandbox: record.name, purpose: record.purpose, labels: { ...sandbox.labels } });
      if (this.kind !== 'docker') continue;
      for (const { snapshot } of sandbox.snapshots.values()) {
        owned.push({
          engine: this.kind,
          kind: 'volume',
          id: snapshot.handle,
          sandbox: record.name,
          purpose: record.purpose,
          labels: {
            ...sandbox.labels,
            [LABEL.snapshotOf]: record.name,
            [LABEL.snapshotId]: snapshot.id,
            [LABEL.snapshotLabel]: snapshot.label,
            [LABEL.createdAt]: snapshot.createdAt,
          },
        });
      }
    }
    return owned;
  }

  /** Removes a sandbox (by its handle) or a snapshot (by its handle); something it does not hold is left alone. */
  async removeOwned(resource: OwnedResource): Promise<void> {
    this.log('removeOwned', resource.sandbox, { kind: resource.kind, id: resource.id });
    await this.fault('removeOwned', resource.sandbox);
    for (const sandbox of this.sandboxes.values()) {
      if (sandbox.record.handle === resource.id) {
        this.killProcesses(sandbox);
        this.sandboxes.delete(sandbox.record.name);
        return;
      }
      for (const [id, { snapshot }] of sandbox.snapshots) {
        if (snapshot.handle === resource.id) {
          sandbox.snapshots.delete(id);
          return;
        }
      }
    }
  }

  // ---- internals ----

  private log(operation: FakeOperation, sandbox?: string, detail?: Record<string, unknown>, argv?: readonly string[]): void {
    this.calls.push({ operation, ...(sandbox !== undefined ? { sandbox } : {}), ...(argv ? { argv: [...argv] } : {}), ...(detail ? { detail } : {}) });
  }

  private queue(operation: FakeOperation): Fault[] {
    let queue = this.faults.get(operation);
    if (!queue) this.faults.set(operation, (queue = []));
    return queue;
  }

  /** Applies the first fault queued for this operation (and sandbox): throws, or holds until released or `until` settles. */
  private async fault(operation: FakeOperation, sandbox?: string, until?: Promise<unknown>): Promise<void> {
    const queue = this.faults.get(operation);
    const index = queue?.findIndex((f) => f.sandbox === undefined || f.sandbox === sandbox) ?? -1;
    if (!queue || index < 0) return;
    const [fault] = queue.splice(index, 1);
    if (fault.kind === 'fail') throw fault.error;
    fault.hang.arrive();
    const error = await (until ? Promise.race([fault.hang.gate, until.then(() => undefined)]) : fault.hang.gate);
    if (error) throw error;
  }

  private labelsOf(record: SandboxRecord, extra: Record<string, string> = {}): Record<string, string> {
    return sandboxLabels(record, extra);
  }

  private lookup(record: SandboxRecord): FakeSandbox | undefined {
    const sandbox = this.sandboxes.get(record.name);
    return sandbox && sandbox.record.handle === record.handle ? sandbox : undefined;
  }

  private find(record: SandboxRecord): FakeSandbox {
    const sandbox = this.lookup(record);
    if (!sandbox) throw new SandboxError(`Sandbox "${record.name}" is missing (${record.handle} is gone from the fake engine)`, 'Destroy it and create it again');
    return sandbox;
  }

  private require(name: string): FakeSandbox {
    const sandbox = this.sandboxes.get(name);
    if (!sandbox) throw new SandboxError(`the fake engine holds no sandbox named "${name}"`);
    return sandbox;
  }

  /** `sandboxPath` (absolute, or relative to the work dir) if it is under the work dir; copies go nowhere else. */
  private insideWork(sandbox: FakeSandbox, sandboxPath: string): string {
    const target = path.posix.resolve(sandbox.record.workDir, sandboxPath);
    const relative = path.posix.relative(sandbox.record.workDir, target);
    if (relative.startsWith('..') || path.posix.isAbsolute(relative)) {
      throw new SandboxError(`${sandboxPath} is outside the sandbox's work directory ${sandbox.record.workDir}`, 'Only files under the work directory can be copied in or out');
    }
    return target;
  }

  private killProcesses(sandbox: FakeSandbox): void {
    for (const process of sandbox.processes) {
      process.killed = true;
      process.exit(null);
    }
    sandbox.processes.clear();
  }
}

function matches(match: ArgvMatcher, argv: readonly string[]): boolean {
  if (typeof match === 'function') return match(argv);
  if (match instanceof RegExp) return match.test(argv.join(' '));
  return match.length <= argv.length && match.every((part, i) => argv[i] === part);
}

function killed(started: number, how: { timedOut?: boolean; cancelled?: boolean; timeoutMs?: number; reason?: string }): ExecResult {
  const timedOut = how.timedOut ?? false;
  const cancelled = !timedOut && (how.cancelled ?? false);
  return {
    exitCode: null,
    timedOut,
    cancelled,
    stdout: '',
    stderr: '',
    durationMs: Date.now() - started,
    reason: how.reason ?? (timedOut ? `timed out after ${Number(((how.timeoutMs ?? 0) / 1000).toFixed(1))} s` : 'cancelled'),
  };
}

/** A pid that no process has (above the kernel's pid_max where known): an owner that is certainly dead. */
export function deadOwner(): SandboxRecord['owner'] {
  return { pid: 2 ** 22 + 1, startedAt: 1, hostname: os.hostname() };
}
