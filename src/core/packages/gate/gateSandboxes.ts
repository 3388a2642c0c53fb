import type { DockerRuntimeChoice, DockerSandboxRecord, DockerSandboxSpec } from '../../sandbox/docker/runtimes';
import type { Engine, EngineTraits, ExecOptions, ExecResult, Mount, NetworkMode, ResourceLimits, SandboxRecord } from '../../sandbox/engine';
import type { SandboxManager } from '../../sandbox/manager';
import type { AuditLog } from '../../state/auditLog';
import { generateSandboxName } from '../../sandbox/names';

/** Limits of every gate sandbox: enough for pip and real imports, not for a fork bomb or a memory hog. */
export const GATE_LIMITS: Required<ResourceLimits> = { cpus: 2, memoryBytes: 1024 * 1024 * 1024, pids: 256 };

/** Where the gate's runtime choice comes from, for error messages. */
export const GATE_RUNTIME_SETTING = 'snakepit.gate.runtime (CLI: --runtime)';

/** A gate sandbox with the interpreter of its venv (`<work>/.venv`). */
export interface GateSandbox {
  record: SandboxRecord;
  /** How host files reach it (see EngineTraits): where they are shared, helpers are used in place rather than mounted. */
  hostFiles: EngineTraits['hostFiles'];
  workDir: string;
  python: string;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  copyIn(hostPath: string, sandboxPath: string): Promise<void>;
  copyOut(sandboxPath: string, hostPath: string): Promise<void>;
}

const VENV_TIMEOUT_MS = 60_000;

/**
 * Every sandbox one validation makes, so that all of them are removed at the end whatever happens
 * (success, failure, cancel). Removal is idempotent.
 */
export class GateSandboxes {
  private readonly live = new Set<string>();
  /** Creations still in flight: removal waits for them, or a sandbox could appear after the clean-up. */
  private readonly pending = new Set<Promise<unknown>>();

  /**
   * Creation and removal go through the manager (state, reaping); commands and copies go to the engine with
   * the record in hand (audited), so they never wait for the state lock another sandbox's creation holds.
   */
  constructor(
    private readonly manager: SandboxManager,
    private readonly engine: Engine,
    private readonly audit: AuditLog,
    private readonly image: string | undefined,
    private readonly signal?: AbortSignal,
    /** docker: the runtime asked for (`auto`: runsc where dockerd has it and it can serve the sandbox, else runc). */
    private readonly runtime: DockerRuntimeChoice = 'auto',
  ) {}

  /** What network access means for a sandbox of this engine (the engine says; its name is not tested). */
  get bridgeNetwork(): string {
    return this.engine.bridgeNetwork;
  }

  /** docker: the runtime each role's sandbox got (the report names the test sandbox's). */
  readonly runtimes: Partial<Record<'ingest' | 'test', string>> = {};

  /** Creations run one after the other: each holds the sandbox state's lock while its engine works. */
  private queue: Promise<unknown> = Promise.resolve();

  create(role: 'ingest' | 'test', options: { network: NetworkMode; mounts: Mount[] }): Promise<GateSandbox> {
    const creation = this.queue.then(() => this.createNow(role, options));
    this.queue = creation.catch(() => undefined);
    const settled = creation.catch(() => undefined);
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    return creation;
  }

  private async createNow(role: 'ingest' | 'test', options: { network: NetworkMode; mounts: Mount[] }): Promise<GateSandbox> {
    this.signal?.throwIfAborted();
    const name = generateSandboxName(`gate-${role}`);
    this.live.add(name);
    let record: SandboxRecord;
    try {
      const spec: DockerSandboxSpec = {
        name,
        image: this.image,
        limits: GATE_LIMITS,
        network: options.network,
        purpose: 'gate',
        mounts: options.mounts,
        labels: { 'snakepit.gate.role': role },
      };
      Object.assign(spec, { runtime: this.runtime, runtimeSetting: GATE_RUNTIME_SETTING });
      record = await this.manager.create(this.engine.kind, spec);
      const runtime = (record as DockerSandboxRecord).runtime;
      if (runtime) this.runtimes[role] = runtime;
    } catch (error) {
      this.live.delete(name);
      throw error;
    }
    const workDir = record.workDir;
    const sandbox: GateSandbox = {
      record,
      hostFiles: this.engine.traits.hostFiles,
      workDir,
      python: `${workDir}/.venv/bin/python`,
      exec: (argv, execOptions = {}) => this.audited(name, 'exec', { argv, timeoutMs: execOptions.timeoutMs }, () => this.engine.exec(record, argv, { signal: this.signal, cwd: workDir, ...execOptions })),
      copyIn: (hostPath, sandboxPath) => this.audited(name, 'copyIn', { hostPath, sandboxPath }, () => this.engine.copyIn(record, hostPath, sandboxPath)),
      copyOut: (sandboxPath, hostPath) => this.audited(name, 'copyOut', { sandboxPath, hostPath }, () => this.engine.copyOut(record, sandboxPath, hostPath)),
    };
    if (!this.engine.traits.venvAtCreate) await this.makeImageVenv(sandbox);
    return sandbox;
  }

  /**
   * The image's Python has pip and setuptools system-wide: a venv without its own pip that sees them
   * takes a tenth of a second instead of seconds for ensurepip, and gives packages a site-packages of their own.
   */
  private async makeImageVenv(sandbox: GateSandbox): Promise<void> {
    const result = await sandbox.exec(['python3', '-m', 'venv', '--without-pip', '--system-site-packages', `${sandbox.workDir}/.venv`], { timeoutMs: VENV_TIMEOUT_MS });
    if (result.exitCode !== 0) {
      throw new Error(`could not create a venv in the gate sandbox (${result.reason ?? `exit ${result.exitCode}`}): ${result.stderr.trim().slice(-500)}; the image needs python3 with the venv module`);
    }
  }

  private audited<T>(sandbox: string, operation: string, args: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    return this.audit.record('gate', sandbox, operation, args, run);
  }

  async remove(sandbox: GateSandbox): Promise<void> {
    const name = sandbox.record.name;
    if (!this.live.has(name)) return;
    await this.manager.remove([name]);
    this.live.delete(name);
  }

  /** Removes every sandbox still alive; returns the problems (never throws, so it can run in `finally`). */
  async removeAll(): Promise<string[]> {
    const problems: string[] = [];
    await Promise.all([...this.pending]);
    for (const name of [...this.live]) {
      try {
        await this.manager.remove([name]);
      } catch (error) {
        // Not known to the manager: creation failed half-way and the engine already cleaned up.
        if (!/no sandbox named/.test((error as Error).message)) problems.push(`could not remove sandbox ${name}: ${(error as Error).message}`);
      }
      this.live.delete(name);
    }
    return problems;
  }
}
