import { hostname } from 'node:os';
import { AuditLog } from '../state/auditLog';
import { withFileLock } from '../state/fileLock';
import { SandboxStore } from '../state/sandboxStore';
import type {
  Engine,
  EngineKind,
  ExecOptions,
  ExecResult,
  OwnedResource,
  SandboxHealth,
  SandboxRecord,
  SandboxSpec,
  SandboxStats,
  SnapshotRecord,
} from './engine';
import { LABEL, SandboxError } from './engine';
import { checkSandboxName, generateSandboxName } from './names';
import { isOwnerAlive } from './owner';

export interface SandboxManagerOptions {
  engines: Partial<Record<EngineKind, Engine>>;
  store: SandboxStore;
  audit: AuditLog;
  /** Who is acting, for the audit log: `cli`, `vscode`, … */
  actor: string;
  /** Snapshots kept per sandbox; older ones are deleted (0 = keep all). */
  keepSnapshots?: number;
  onWarning?: (message: string) => void;
}

/**
 * Sandbox lifecycle over the engines, with persisted state and an audit entry
 * for every operation. Policy (retention, reaping, recovery) lives here; engines only act.
 */
export class SandboxManager {
  constructor(private readonly options: SandboxManagerOptions) {}

  private engine(kind: EngineKind): Engine {
    const engine = this.options.engines[kind];
    if (!engine) throw new SandboxError(`the ${kind} engine is not available in this process`);
    return engine;
  }

  private audited<T>(sandbox: string, operation: string, args: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    return this.options.audit.record(this.options.actor, sandbox, operation, args, run);
  }

  /** Loads and changes the state under the lock; a corrupt state file is rebuilt from the engines first. */
  private async update<T>(change: (records: SandboxRecord[]) => Promise<T>): Promise<T> {
    return withFileLock(this.options.store.file, async () => {
      const records = await this.loadOrRecover();
      const result = await change(records);
      this.options.store.save(records);
      return result;
    });
  }

  private async loadOrRecover(): Promise<SandboxRecord[]> {
    const loaded = this.options.store.load();
    if (!loaded.corrupt) return loaded.records;
    const records = await this.recoverFromEngines();
    this.options.onWarning?.(
      `the sandbox state file was corrupt (${loaded.corrupt.error}); it was kept as ${loaded.corrupt.backup} and ${records.length} sandbox(es) were recovered from the engines' labels`,
    );
    this.options.store.save(records);
    return records;
  }

  /** Records rebuilt from what the engines hold (labels on containers, images, volumes; sandbox directories). */
  async recoverFromEngines(): Promise<SandboxRecord[]> {
    const records: SandboxRecord[] = [];
    for (const engine of Object.values(this.options.engines)) {
      if (!engine || !(await engine.available()).ok) continue;
      const owned = await engine.listOwned();
      const byName = new Map<string, OwnedResource[]>();
      for (const resource of owned) byName.set(resource.sandbox, [...(byName.get(resource.sandbox) ?? []), resource]);
      for (const [name, resources] of byName) {
        const main = resources.find((r) => r.kind === 'container' || (r.kind === 'directory' && !r.labels[LABEL.snapshotOf]));
        if (!main) continue;
        const snapshots: SnapshotRecord[] = resources
          .filter((r) => r.labels[LABEL.snapshotOf] === name && r !== main)
          .map((r) => ({ id: r.labels[LABEL.snapshotId] ?? r.id, label: r.labels[LABEL.snapshotLabel] ?? '', createdAt: r.labels[LABEL.createdAt] ?? '', handle: r.id }))
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        records.push({
          name,
          engine: engine.kind,
          image: main.labels[LABEL.image] ?? '',
          purpose: main.purpose,
          network: (main.labels[LABEL.network] as SandboxRecord['network']) ?? 'none',
          limits: {},
          mounts: [],
          createdAt: main.labels[LABEL.createdAt] ?? new Date(0).toISOString(),
          owner: { pid: Number(main.labels[LABEL.ownerPid] ?? 0), startedAt: Number(main.labels[LABEL.ownerStartedAt] ?? 0), hostname: main.labels[LABEL.ownerHost] ?? '' },
          handle: main.id,
          workDir: main.labels[LABEL.workDir] ?? '/work',
          snapshots,
          ...(main.labels[LABEL.scope] ? { scope: main.labels[LABEL.scope] } : {}),
        });
      }
    }
    return records;
  }

  async list(): Promise<SandboxRecord[]> {
    return withFileLock(this.options.store.file, () => this.loadOrRecover());
  }

  async get(name: string): Promise<SandboxRecord> {
    const record = (await this.list()).find((r) => r.name === name);
    if (!record) throw new SandboxError(`no sandbox named "${name}"`, '`snakepit sandbox ls` lists them');
    return record;
  }

  async create(engineKind: EngineKind, spec: Omit<SandboxSpec, 'name'> & { name?: string }): Promise<SandboxRecord> {
    const name = checkSandboxName(spec.name ?? generateSandboxName());
    return this.audited(name, 'create', { engine: engineKind, image: spec.image, limits: spec.limits, network: spec.network, purpose: spec.purpose }, async () => {
      const taken = () => new SandboxError(`a sandbox named "${name}" already exists`, 'choose another name, or remove it first');
        const engine = this.engine(engineKind);
        await this.update(async (records) => {
          if (records.some((r) => r.name === name)) throw taken();
        });
        // Created without holding the state lock: a first bubblewrap sandbox builds its venv template
        // (tens of seconds under load) and other processes must not time out waiting. The engines
        // create exclusively (container names, sandbox directories), so two creates cannot share a name.
        const record = await engine.create({ ...spec, name });
        try {
          return await this.update(async (records) => {
            if (records.some((r) => r.name === name)) throw taken();
            records.push(record);
            return record;
          });
        } catch (error) {
          await engine.destroy(record).catch(() => undefined);
          throw error;
        }
      },
    );
  }

  async exec(name: string, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const record = await this.get(name);
    return this.audited(name, 'exec', { argv, cwd: options.cwd, timeoutMs: options.timeoutMs }, () => this.engine(record.engine).exec(record, argv, options));
  }

  async copyIn(name: string, hostPath: string, sandboxPath: string): Promise<void> {
    const record = await this.get(name);
    await this.audited(name, 'copyIn', { hostPath, sandboxPath }, () => this.engine(record.engine).copyIn(record, hostPath, sandboxPath));
  }

  async copyOut(name: string, sandboxPath: string, hostPath: string): Promise<void> {
    const record = await this.get(name);
    await this.audited(name, 'copyOut', { sandboxPath, hostPath }, () => this.engine(record.engine).copyOut(record, sandboxPath, hostPath));
  }

  async start(name: string): Promise<void> {
    const record = await this.get(name);
    await this.audited(name, 'start', {}, () => this.engine(record.engine).start(record));
  }

  async stop(name: string): Promise<void> {
    const record = await this.get(name);
    await this.audited(name, 'stop', {}, () => this.engine(record.engine).stop(record));
  }

  async snapshot(name: string, label?: string): Promise<SnapshotRecord> {
    return this.audited(name, 'snapshot', { label }, () =>
      this.update(async (records) => {
        const record = find(records, name);
        const engine = this.engine(record.engine);
        const snapshot = await engine.snapshot(record, label ?? `snapshot ${record.snapshots.length + 1}`);
        record.snapshots.push(snapshot);
        const keep = this.options.keepSnapshots ?? 0;
        while (keep > 0 && record.snapshots.length > keep) {
          const oldest = record.snapshots.shift()!;
          await engine.deleteSnapshot(record, oldest);
        }
        return snapshot;
      }),
    );
  }

  /** Rolls back to the snapshot with this id or label, or to the latest. */
  async rollback(name: string, snapshotIdOrLabel?: string): Promise<SnapshotRecord> {
    return this.audited(name, 'rollback', { snapshot: snapshotIdOrLabel }, async () => {
      const record = await this.get(name);
      const snapshot = snapshotIdOrLabel
        ? record.snapshots.find((s) => s.id === snapshotIdOrLabel || s.label === snapshotIdOrLabel)
        : record.snapshots[record.snapshots.length - 1];
      if (!snapshot) {
        throw new SandboxError(
          snapshotIdOrLabel ? `sandbox "${name}" has no snapshot "${snapshotIdOrLabel}"` : `sandbox "${name}" has no snapshots`,
          `\`snakepit sandbox snapshots ${name}\` lists them; \`snakepit sandbox snapshot ${name}\` takes one`,
        );
      }
      await this.engine(record.engine).rollback(record, snapshot);
      return snapshot;
    });
  }

  async stats(name: string): Promise<SandboxStats> {
    const record = await this.get(name);
    return this.engine(record.engine).stats(record);
  }

  async health(record: SandboxRecord): Promise<SandboxHealth> {
    const engine = this.options.engines[record.engine];
    if (!engine) return { state: 'unhealthy', reason: `the ${record.engine} engine is not available in this process` };
    try {
      return await engine.inspect(record);
    } catch (error) {
      return { state: 'unhealthy', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Destroys sandboxes and forgets them; a sandbox already gone from its engine is just forgotten. */
  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await this.audited(name, 'destroy', {}, () =>
        this.update(async (records) => {
          const record = find(records, name);
          await this.engine(record.engine).destroy(record);
          records.splice(records.indexOf(record), 1);
        }),
      );
    }
  }

  /**
   * Removes sandboxes whose purpose was ephemeral (not `user`) and whose owner
   * process is gone, and anything an engine holds with Snakepit's labels that no
   * record knows and whose owner is gone. Returns what was removed.
   */
  async prune(): Promise<string[]> {
    const removed: string[] = [];
    await this.update(async (records) => {
      for (const record of [...records]) {
        if (record.purpose === 'user' || isOwnerAlive(record.owner)) continue;
        await this.audited(record.name, 'reap', { owner: record.owner }, () => this.engine(record.engine).destroy(record));
        records.splice(records.indexOf(record), 1);
        removed.push(record.name);
      }
      const known = new Set(records.map((r) => r.handle));
      for (const engine of Object.values(this.options.engines)) {
        if (!engine || !(await engine.available()).ok) continue;
        for (const resource of await engine.listOwned()) {
          if (known.has(resource.id) || records.some((r) => r.name === resource.sandbox)) continue;
          const owner = { pid: Number(resource.labels[LABEL.ownerPid] ?? 0), startedAt: Number(resource.labels[LABEL.ownerStartedAt] ?? 0), hostname: resource.labels[LABEL.ownerHost] ?? hostname() };
          if (resource.purpose === 'user' || (owner.pid && isOwnerAlive(owner))) continue;
          await this.audited(resource.sandbox, 'reap', { orphan: resource.kind, id: resource.id }, () => engine.removeOwned(resource));
          if (!removed.includes(resource.sandbox)) removed.push(resource.sandbox);
        }
      }
    });
    return removed;
  }
}

function find(records: SandboxRecord[], name: string): SandboxRecord {
  const record = records.find((r) => r.name === name);
  if (!record) throw new SandboxError(`no sandbox named "${name}"`, '`snakepit sandbox ls` lists them');
  return record;
}
