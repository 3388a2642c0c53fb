import {
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
} from '../engine';
import type { HostDirSandboxes } from './hostDirSandboxes';
import { resolveInterpreter, type Interpreter } from './interpreter';
import type { SandboxPaths } from './layout';

/**
 * What the engines over a host directory (bubblewrap, venv) share: the layout,
 * snapshots, copies, stats and discovery live in HostDirSandboxes; a subclass
 * only says how a command runs (inside bwrap, or directly) and how the venv is made.
 */
export abstract class HostDirEngine implements Engine {
  abstract readonly kind: EngineKind;
  abstract readonly isolated: boolean;
  abstract readonly bridgeNetwork: string;
  abstract readonly traits: EngineTraits;

  constructor(protected readonly sandboxes: HostDirSandboxes) {}

  abstract available(): Promise<Availability>;
  abstract exec(record: SandboxRecord, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  abstract spawn(record: SandboxRecord, argv: readonly string[], options?: Pick<ExecOptions, 'cwd' | 'env'>): Promise<SandboxProcess>;
  abstract inspect(record: SandboxRecord): Promise<SandboxHealth>;
  abstract terminalCommand(record: SandboxRecord): TerminalCommand;
  /** Makes the sandbox's venv; a non-zero exit fails `create`. */
  protected abstract makeVenv(record: SandboxRecord, interpreter: Interpreter, paths: SandboxPaths): Promise<ExecResult & { venvBase?: string }>;
  /** Words added to a failed creation's message (the venv engine says it is not isolated). */
  protected creationContext = '';

  async create(spec: SandboxSpec): Promise<SandboxRecord> {
    const paths = await this.sandboxes.makeDir(spec);
    try {
      const interpreter = await resolveInterpreter(spec.image);
      const record = this.sandboxes.newRecord(spec, paths, spec.image ?? 'python3');
      const base = { interpreter: { executable: interpreter.executable, prefix: interpreter.prefix } };
      this.sandboxes.writeRecord(spec, record, base);
      const result = await this.makeVenv(record, interpreter, paths);
      if (result.exitCode !== 0) {
        const why = result.reason ?? `exit ${result.exitCode}`;
        throw new SandboxError(`Could not create the venv in sandbox "${spec.name}" (${this.creationContext}${why}): ${result.stderr.trim().slice(-2000)}`);
      }
      if (result.venvBase) this.sandboxes.writeRecord(spec, record, { ...base, venvBase: result.venvBase });
      return record;
    } catch (error) {
      await this.sandboxes.discard(paths);
      throw error;
    }
  }

  /** There is no long-running process: starting only checks that the sandbox is still there. */
  async start(record: SandboxRecord): Promise<void> {
    this.sandboxes.requireExisting(record);
  }

  async stop(record: SandboxRecord): Promise<void> {
    this.sandboxes.stop(record);
  }

  destroy(record: SandboxRecord): Promise<void> {
    return this.sandboxes.destroy(record);
  }

  copyIn(record: SandboxRecord, hostPath: string, sandboxPath: string): Promise<void> {
    return this.sandboxes.copyIn(record, hostPath, sandboxPath);
  }

  copyOut(record: SandboxRecord, sandboxPath: string, hostPath: string): Promise<void> {
    return this.sandboxes.copyOut(record, sandboxPath, hostPath);
  }

  snapshot(record: SandboxRecord, label: string): Promise<SnapshotRecord> {
    return this.sandboxes.snapshot(record, label);
  }

  rollback(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    return this.sandboxes.rollback(record, snapshot);
  }

  deleteSnapshot(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    return this.sandboxes.deleteSnapshot(record, snapshot);
  }

  /** Summed over the running commands' process trees from /proc: best effort (see commandStats). */
  stats(record: SandboxRecord): Promise<SandboxStats> {
    return this.sandboxes.stats(record);
  }

  async listOwned(): Promise<OwnedResource[]> {
    return this.sandboxes.listOwned();
  }

  removeOwned(resource: OwnedResource): Promise<void> {
    return this.sandboxes.removeOwned(resource);
  }
}
