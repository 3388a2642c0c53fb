import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../state/atomicFile';
import { normalizeName } from '../names';
import type { Verdict } from '../reasons';
import { withFileLockSync } from '../../state/fileLock';
import type { PackageValidation } from './report';

export { RULESET_VERSION } from './rulesetVersion';

/** One stored verdict: re-used when the same artifacts are validated again under the same ruleset. */
export interface HistoryEntry {
  /** PEP 503 normalised (stored normalised whatever the caller passed). */
  name: string;
  version: string;
  verdict: Verdict;
  score: number;
  sha256s: string[];
  rulesetVersion: string;
  validatedAt: string;
  engine: string;
  /** The full result, for re-use and for the report view. */
  package: PackageValidation;
}

export interface HistoryKey {
  sha256s: string[];
  rulesetVersion: string;
}

/** One line of the index file: enough to answer `lookup`/`latestFor`, and where the entry lies in the reports file. */
interface IndexLine {
  /** sha256 of the {@link historyKey} text. */
  k: string;
  n: string;
  v: string;
  t: string;
  /** Byte offset and length of the entry's JSON in the reports file. */
  o: number;
  l: number;
}

export interface HistoryRecovery {
  backup: string;
  error: string;
  kept: number;
}

/** The identity of a verdict: the ruleset version and the set of artifact digests (order and case do not matter). */
export function historyKey(key: HistoryKey): string {
  const text = `${key.rulesetVersion}|${[...key.sha256s].map((s) => s.toLowerCase()).sort().join(',')}`;
  return createHash('sha256').update(text).digest('hex');
}

function isIndexLine(value: unknown): value is IndexLine {
  const h = value as IndexLine;
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof h.k === 'string' &&
    typeof h.n === 'string' &&
    typeof h.v === 'string' &&
    typeof h.t === 'string' &&
    Number.isSafeInteger(h.o) &&
    h.o >= 0 &&
    Number.isSafeInteger(h.l) &&
    h.l > 0
  );
}

export function isHistoryEntry(value: unknown): value is HistoryEntry {
  const e = value as HistoryEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.name === 'string' &&
    typeof e.version === 'string' &&
    (e.verdict === 'pass' || e.verdict === 'warn' || e.verdict === 'fail') &&
    typeof e.score === 'number' &&
    Array.isArray(e.sha256s) &&
    e.sha256s.every((s) => typeof s === 'string') &&
    typeof e.rulesetVersion === 'string' &&
    typeof e.validatedAt === 'string' &&
    typeof e.engine === 'string' &&
    typeof e.package === 'object' &&
    e.package !== null
  );
}

class CorruptHistory extends Error {}

/**
 * The verdict history in two append-only files: `<file>` holds one small JSON line per verdict (key,
 * name, version, time, and where its entry lies), `<file>.reports` the entries themselves (one JSON
 * line each). Opening reads only the small index file, so a history of thousands of full reports opens
 * in milliseconds; a lookup is a `stat` plus one read of one entry. Both files are appended under a
 * file lock (entry first, then its index line, each fsynced), and lines appended by other processes
 * are picked up incrementally. A damaged index, or an entry that does not read back, is handled by
 * keeping the index as `<file>.corrupt-<time>` and rewriting it with the verdicts that are still whole.
 */
export class VerdictHistory {
  readonly file: string;
  readonly reportsFile: string;
  /** Set when the history was found damaged and repaired during this instance's life. */
  recovered?: HistoryRecovery;
  private lines: IndexLine[] = [];
  private byKey = new Map<string, IndexLine>();
  private byName = new Map<string, IndexLine[]>();
  private indexedBytes = 0;
  private inode = -1;

  constructor(file: string) {
    this.file = path.resolve(file);
    this.reportsFile = `${this.file}.reports`;
  }

  lookup(key: HistoryKey): HistoryEntry | undefined {
    // Failures with no file (nothing found on the index) are kept for the editor, never re-used as a verdict.
    if (key.sha256s.length === 0) return undefined;
    this.refresh();
    const line = this.byKey.get(historyKey(key));
    return line && this.read(line);
  }

  /** The most recent verdict for a project (any version, or the given one). */
  latestFor(name: string, version?: string): HistoryEntry | undefined {
    this.refresh();
    let best: IndexLine | undefined;
    for (const line of this.byName.get(normalizeName(name)) ?? []) {
      if (version !== undefined && line.v !== version) continue;
      if (!best || line.t >= best.t) best = line;
    }
    return best && this.read(best);
  }

  /** Every stored verdict, oldest first (superseded ones included). */
  list(): HistoryEntry[] {
    this.refresh();
    const entries: HistoryEntry[] = [];
    for (const line of [...this.lines]) {
      const entry = this.read(line);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  record(entry: HistoryEntry): void {
    const stored: HistoryEntry = { ...entry, name: normalizeName(entry.name), sha256s: entry.sha256s.map((s) => s.toLowerCase()) };
    if (!isHistoryEntry(stored)) throw new Error(`cannot record a malformed verdict for ${String(entry?.name)}: name, version, verdict, score, sha256s, rulesetVersion, validatedAt, engine and package are required`);
    const json = `${JSON.stringify(stored)}\n`;
    withFileLockSync(this.file, () => {
      if (endsTorn(this.file)) this.repair('the last line of the index is incomplete (a write was interrupted)');
      const reports = fs.openSync(this.reportsFile, 'a', 0o600);
      let offset: number;
      try {
        offset = fs.fstatSync(reports).size;
        fs.writeSync(reports, json);
        fs.fsyncSync(reports);
      } finally {
        fs.closeSync(reports);
      }
      const line: IndexLine = { k: historyKey(stored), n: stored.name, v: stored.version, t: stored.validatedAt, o: offset, l: Buffer.byteLength(json) - 1 };
      appendSynced(this.file, `${JSON.stringify(line)}\n`);
    });
    this.refresh();
  }

  private reset(): void {
    this.lines = [];
    this.byKey.clear();
    this.byName.clear();
    this.indexedBytes = 0;
  }

  /** Indexes lines appended since the last call; starts over when the file was replaced or shrank. */
  private refresh(): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.reset();
      this.inode = -1;
      return;
    }
    if (stat.ino !== this.inode || stat.size < this.indexedBytes) {
      this.reset();
      this.inode = stat.ino;
    }
    if (stat.size === this.indexedBytes) return;
    const buffer = Buffer.alloc(stat.size - this.indexedBytes);
    const fd = fs.openSync(this.file, 'r');
    try {
      readFully(fd, buffer, this.indexedBytes);
    } finally {
      fs.closeSync(fd);
    }
    try {
      this.index(buffer);
    } catch (error) {
      if (!(error instanceof CorruptHistory)) throw error;
      withFileLockSync(this.file, () => this.repair(error.message));
      this.refresh();
    }
  }

  private index(buffer: Buffer): void {
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(10, start);
      // No newline: a line still being written (or torn by a crash; `record` repairs that under the lock).
      if (end < 0) return;
      let line: unknown;
      try {
        line = JSON.parse(buffer.toString('utf8', start, end));
      } catch (error) {
        throw new CorruptHistory(`index line at byte ${this.indexedBytes}: ${(error as Error).message}`);
      }
      if (!isIndexLine(line)) throw new CorruptHistory(`index line at byte ${this.indexedBytes} is not a verdict's index line`);
      this.lines.push(line);
      this.byKey.set(line.k, line);
      const named = this.byName.get(line.n);
      if (named) named.push(line);
      else this.byName.set(line.n, [line]);
      this.indexedBytes += end + 1 - start;
      start = end + 1;
    }
  }

  private read(line: IndexLine): HistoryEntry | undefined {
    const entry = readEntry(this.reportsFile, line);
    if (entry) return entry;
    withFileLockSync(this.file, () => this.repair(`the report for ${line.n} ${line.v} at byte ${line.o} of ${this.reportsFile} does not read back as a verdict`));
    this.refresh();
    return undefined;
  }

  /** Keeps the index as a backup and rewrites it with every verdict whose lines are still whole. Call with the lock held. */
  private repair(problem: string): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const kept: string[] = [];
    for (const raw of text.split('\n')) {
      try {
        const line: unknown = JSON.parse(raw);
        if (isIndexLine(line) && readEntry(this.reportsFile, line)) kept.push(`${raw}\n`);
      } catch {
        // Dropped from the rewritten index; still in the backup.
      }
    }
    const backup = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.copyFileSync(this.file, backup);
    writeFileAtomic(this.file, kept.join(''));
    this.recovered = { backup, error: problem, kept: kept.length };
    this.reset();
    this.inode = -1;
  }
}

function readEntry(reportsFile: string, line: IndexLine): HistoryEntry | undefined {
  const buffer = Buffer.alloc(line.l + 1);
  try {
    const fd = fs.openSync(reportsFile, 'r');
    try {
      readFully(fd, buffer, line.o);
    } finally {
      fs.closeSync(fd);
    }
    if (buffer[line.l] !== 10) return undefined;
    const entry: unknown = JSON.parse(buffer.toString('utf8', 0, line.l));
    return isHistoryEntry(entry) && entry.name === line.n && entry.version === line.v ? entry : undefined;
  } catch {
    return undefined;
  }
}

function appendSynced(file: string, text: string): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function endsTorn(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 10;
  } finally {
    fs.closeSync(fd);
  }
}

function readFully(fd: number, buffer: Buffer, position: number): void {
  for (let done = 0; done < buffer.length; ) {
    const read = fs.readSync(fd, buffer, done, buffer.length - done, position + done);
    if (read === 0) throw new Error('the verdict history ended early: it was truncated');
    done += read;
  }
}
