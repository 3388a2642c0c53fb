import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listDistributions } from '../../packages/target/captureTarget';
import type { TargetEnvironment } from '../../packages/target/resolveTarget';
import { captureRoots } from '../../packages/target/captureTarget';
import { writeFileAtomic } from '../../state/atomicFile';
import { withFileLock } from '../../state/fileLock';
import { BlobStore } from './blobStore';
import { compareListings, describeChanges, listDistributionsOf, type ListedDistribution, type ListingChanges } from './listing';
import { fingerprint, fingerprintOf, manifestDifferences, takeManifest, type Manifest } from './manifest';
import { applyManifest, planRestore, type RestorePlan } from './restoreManifest';

/** baseline: first time Snakepit saw the environment; external: changed outside Snakepit; change: a Snakepit transaction. */
export type HistoryKind = 'baseline' | 'external' | 'change' | 'rollback' | 'load';

export interface HistoryRecord {
  id: number;
  at: string;
  kind: HistoryKind;
  /** `snakepit env rollback`, `snakepit validate --install`, `outside Snakepit`. */
  who: string;
  what: string;
  before: ListedDistribution[];
  after: ListedDistribution[];
  changes: ListingChanges;
  /** `name==version` lines of the state after the entry, as the interpreter lists them. */
  freeze: string;
  fingerprint: string;
  files: number;
  bytes: number;
}

export interface TransactionInfo {
  who: string;
  what: string;
  kind?: 'change' | 'load';
}

export interface RollbackPreview {
  entry: HistoryRecord;
  plan: RestorePlan;
  changes: ListingChanges;
}

/** Why a rollback or load cannot happen; nothing was changed. */
export class HistoryError extends Error {}

/** The directory of one environment's history: keyed by its prefix. */
export function historyId(prefix: string): string {
  return createHash('sha256').update(path.resolve(prefix)).digest('hex').slice(0, 16);
}

/**
 * The history of one environment: every state it was seen in, as a manifest (every file's digest,
 * mode and mtime) whose contents are kept in a blob store shared by all environments. Entries are
 * appended to `history.jsonl`; each state's manifest is `manifests/<id>.json`. Every operation holds
 * the environment's lock, so two Snakepit processes never interleave their records or restores.
 */
export class EnvironmentHistory {
  readonly dir: string;
  readonly blobs: BlobStore;
  private readonly file: string;

  constructor(
    readonly home: string,
    readonly target: TargetEnvironment,
  ) {
    this.dir = path.join(home, historyId(target.prefix));
    this.blobs = new BlobStore(path.join(home, 'blobs'));
    this.file = path.join(this.dir, 'history.jsonl');
  }

  entries(): HistoryRecord[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .filter((line) => line.trim())
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as HistoryRecord];
        } catch {
          return [];
        }
      });
  }

  entry(id: number): HistoryRecord {
    const found = this.entries().find((e) => e.id === id);
    if (!found) throw new HistoryError(`${this.target.prefix} has no history entry ${id}; \`snakepit env history\` lists them`);
    return found;
  }

  manifest(id: number): Manifest {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, 'manifests', `${id}.json`), 'utf8')) as Manifest;
    } catch (error) {
      throw new HistoryError(`the state after history entry ${id} of ${this.target.prefix} cannot be read (${(error as Error).message})`);
    }
  }

  private roots(): string[] {
    const last = this.entries().at(-1);
    return last ? this.manifest(last.id).roots : captureRoots(this.target);
  }

  private lock<T>(fn: () => Promise<T>): Promise<T> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return withFileLock(path.join(this.dir, 'lock'), fn, 120_000);
  }

  private async freeze(): Promise<string> {
    return fs.existsSync(this.target.python) ? listDistributions(this.target) : '';
  }

  private async append(kind: HistoryKind, who: string, what: string, manifest: Manifest, print: string, knownFreeze?: string): Promise<HistoryRecord> {
    const previous = this.entries().at(-1);
    const before = previous?.after ?? [];
    const after = listDistributionsOf(manifest);
    const changes = compareListings(before, after);
    let files = 0;
    let bytes = 0;
    for (const tree of manifest.trees) {
      for (const e of Object.values(tree)) {
        if (e.type !== 'f') continue;
        files++;
        bytes += e.size ?? 0;
      }
    }
    const record: HistoryRecord = {
      id: (previous?.id ?? 0) + 1,
      at: new Date().toISOString(),
      kind,
      who,
      what: what || describeChanges(changes),
      before,
      after,
      changes,
      freeze: knownFreeze ?? (await this.freeze()),
      fingerprint: print,
      files,
      bytes,
    };
    writeFileAtomic(path.join(this.dir, 'manifests', `${record.id}.json`), JSON.stringify(manifest));
    fs.appendFileSync(this.file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    return record;
  }

  /** The manifest of the last recorded state (call sync first for the current one). */
  latestManifest(): Manifest | undefined {
    const last = this.entries().at(-1);
    return last && this.manifest(last.id);
  }

  /** Records the current state when it is not the last recorded one: a baseline the first time, else an external change. */
  private async syncUnlocked(): Promise<HistoryRecord | undefined> {
    const roots = this.roots();
    const print = fingerprint(roots);
    const last = this.entries().at(-1);
    if (last && last.fingerprint === print) return undefined;
    const manifest = takeManifest(roots, this.blobs, this.latestManifest());
    if (!last) return this.append('baseline', 'snakepit', 'first seen by Snakepit', manifest, print);
    return this.append('external', 'outside Snakepit', '', manifest, print);
  }

  /** The fingerprint check every CLI call makes: records an `external` entry when something else changed the environment. */
  sync(): Promise<HistoryRecord | undefined> {
    return this.lock(() => this.syncUnlocked());
  }

  /**
   * Runs `change` as one transaction: the state before is recorded first (an external change since the
   * last entry becomes its own entry), then the state after, with who and what, when anything changed.
   * A change that throws is still recorded if it left the environment different.
   */
  async recordTransaction<T>(info: TransactionInfo, change: () => Promise<T>): Promise<{ result: T; entry?: HistoryRecord }> {
    return this.lock(async () => {
      await this.syncUnlocked();
      const last = this.entries().at(-1)!;
      const roots = this.manifest(last.id).roots;
      let result: T;
      try {
        result = await change();
      } catch (error) {
        const print = fingerprint(roots);
        if (print !== last.fingerprint) await this.append(info.kind ?? 'change', info.who, `${info.what} (failed: ${(error as Error).message.split('\n')[0]})`, takeManifest(roots, this.blobs, this.manifest(last.id)), print);
        throw error;
      }
      const print = fingerprint(roots);
      if (print === last.fingerprint) return { result };
      const entry = await this.append(info.kind ?? 'change', info.who, info.what, takeManifest(roots, this.blobs, this.manifest(last.id)), print);
      return { result, entry };
    });
  }

  /** What rolling back to the state after entry `id` would change; nothing is touched (the current state is recorded first). */
  async previewRollback(id: number): Promise<RollbackPreview> {
    return this.lock(async () => {
      await this.syncUnlocked();
      return this.preview(id);
    });
  }

  private preview(id: number): RollbackPreview {
    const entry = this.entry(id);
    const current = this.latestManifest()!;
    return { entry, plan: planRestore(this.manifest(id), current, this.blobs), changes: compareListings(this.entries().at(-1)!.after, entry.after) };
  }

  /**
   * Restores the environment exactly to the state after entry `id` (files, modes, mtimes, installed
   * distributions), checks it, and records the rollback as an entry of its own (so it can be undone).
   * On any failure the environment is put back to the state it was in before, and a HistoryError says why.
   */
  async rollback(id: number, who = 'snakepit env rollback', kind: 'rollback' | 'load' = 'rollback', target?: Manifest, expectedFreeze?: string): Promise<HistoryRecord> {
    return this.lock(async () => {
      await this.syncUnlocked();
      const wanted = target ?? this.manifest(id);
      const freeze = expectedFreeze ?? this.entry(id).freeze;
      const before = this.latestManifest()!;
      const plan = planRestore(wanted, before, this.blobs);
      if (plan.missingBlobs.length > 0) {
        throw new HistoryError(
          `${plan.missingBlobs.length} file(s) of that state are no longer in Snakepit's store (${plan.missingBlobs.slice(0, 3).join(', ')}); nothing was changed. ` +
            'Restore the store from a backup, or reinstall the packages with `snakepit validate --install`.',
        );
      }
      try {
        applyManifest(wanted, before, this.blobs);
        const after = takeManifest(wanted.roots, this.blobs, before);
        const differences = manifestDifferences(wanted, after);
        if (differences.length > 0) throw new Error(`${differences.length} path(s) still differ (${differences.slice(0, 3).join(', ')})`);
        const nowFreeze = await this.freeze();
        if (freeze && nowFreeze !== freeze) throw new Error('the files match but the interpreter lists other installed distributions');
        return await this.append(kind, who, kind === 'rollback' ? `back to the state after entry ${id}` : `loaded ${who}`, after, fingerprintOf(after), nowFreeze);
      } catch (error) {
        applyManifest(before, takeManifest(before.roots, this.blobs, before), this.blobs);
        throw new HistoryError(`${kind} of ${this.target.prefix} failed: ${(error as Error).message}; it was put back as it was before`);
      }
    });
  }
}
