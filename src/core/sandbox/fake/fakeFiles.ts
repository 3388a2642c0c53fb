import * as fs from 'node:fs';
import * as path from 'node:path';
import { SandboxError } from '../engine';

/** One entry of a fake sandbox's file system. Modes are permission bits only (`0o644`), mtimes in nanoseconds (exact, like the real engines'). */
export type FakeEntry =
  | { type: 'file'; content: Buffer; mode: number; mtimeNs: bigint }
  | { type: 'dir'; mode: number; mtimeNs: bigint }
  | { type: 'symlink'; target: string; mtimeNs: bigint };

export interface WriteOptions {
  mode?: number;
  mtimeNs?: bigint;
}

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

/**
 * The in-memory file system of one fake sandbox: absolute POSIX paths to entries. Parents are made on demand
 * (mode 0o755), a write or removal touches its directory's mtime like a real file system would, and a snapshot is a
 * deep copy, so rollback exactness can be checked entry by entry.
 */
export class FakeFiles {
  private readonly entries = new Map<string, FakeEntry>();

  constructor(
    /** Relative paths are relative to this (the sandbox's work dir). */
    readonly root: string,
    private readonly now: () => bigint = nowNs,
  ) {
    this.entries.set(root, { type: 'dir', mode: 0o755, mtimeNs: now() });
  }

  /** The absolute path of `file` (relative: under the root). */
  resolve(file: string): string {
    return path.posix.resolve(this.root, file);
  }

  has(file: string): boolean {
    return this.entries.has(this.resolve(file));
  }

  get(file: string): FakeEntry | undefined {
    return this.entries.get(this.resolve(file));
  }

  /** Entries sorted by path (a stable listing to compare before and after). */
  list(): Array<[string, FakeEntry]> {
    return [...this.entries.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  /** Every entry as one line (type, path, mode, mtime, content): equal listings mean equal trees. */
  listing(): string[] {
    return this.list().map(([file, entry]) => {
      if (entry.type === 'symlink') return `l ${file} -> ${entry.target} ${entry.mtimeNs}`;
      if (entry.type === 'dir') return `d ${file} ${entry.mode.toString(8)} ${entry.mtimeNs}`;
      return `f ${file} ${entry.mode.toString(8)} ${entry.mtimeNs} ${entry.content.toString('base64')}`;
    });
  }

  read(file: string): Buffer {
    const entry = this.get(file);
    if (!entry) throw new SandboxError(`${this.resolve(file)}: no such file`);
    if (entry.type !== 'file') throw new SandboxError(`${this.resolve(file)}: not a file`);
    return entry.content;
  }

  readText(file: string): string {
    return this.read(file).toString('utf8');
  }

  write(file: string, content: string | Buffer, options: WriteOptions = {}): void {
    const target = this.resolve(file);
    const existing = this.entries.get(target);
    if (existing?.type === 'dir') throw new SandboxError(`${target}: is a directory`);
    this.mkdir(path.posix.dirname(target));
    this.entries.set(target, {
      type: 'file',
      content: Buffer.from(content),
      mode: options.mode ?? (existing?.type === 'file' ? existing.mode : 0o644),
      mtimeNs: options.mtimeNs ?? this.now(),
    });
    if (!existing) this.touchParent(target);
  }

  append(file: string, content: string | Buffer): void {
    const existing = this.get(file);
    this.write(file, Buffer.concat([existing?.type === 'file' ? existing.content : Buffer.alloc(0), Buffer.from(content)]));
  }

  /** `mkdir -p`. */
  mkdir(dir: string, options: WriteOptions = {}): void {
    const target = this.resolve(dir);
    const existing = this.entries.get(target);
    if (existing) {
      if (existing.type !== 'dir') throw new SandboxError(`${target}: not a directory`);
      if (options.mode !== undefined) existing.mode = options.mode;
      if (options.mtimeNs !== undefined) existing.mtimeNs = options.mtimeNs;
      return;
    }
    if (target !== '/') this.mkdir(path.posix.dirname(target));
    this.entries.set(target, { type: 'dir', mode: options.mode ?? 0o755, mtimeNs: options.mtimeNs ?? this.now() });
    this.touchParent(target);
  }

  symlink(target: string, file: string, options: Pick<WriteOptions, 'mtimeNs'> = {}): void {
    const at = this.resolve(file);
    if (this.entries.has(at)) throw new SandboxError(`${at}: exists`);
    this.mkdir(path.posix.dirname(at));
    this.entries.set(at, { type: 'symlink', target, mtimeNs: options.mtimeNs ?? this.now() });
    this.touchParent(at);
  }

  chmod(file: string, mode: number): void {
    const entry = this.get(file);
    if (!entry) throw new SandboxError(`${this.resolve(file)}: no such file`);
    if (entry.type !== 'symlink') entry.mode = mode;
  }

  utime(file: string, mtimeNs: bigint): void {
    const entry = this.get(file);
    if (!entry) throw new SandboxError(`${this.resolve(file)}: no such file`);
    entry.mtimeNs = mtimeNs;
  }

  /** `rm -rf`: the entry and everything under it; nothing there is fine. */
  remove(file: string): void {
    const target = this.resolve(file);
    if (target === this.root) throw new SandboxError(`refusing to remove the work dir ${target}`);
    let removed = false;
    for (const key of [...this.entries.keys()]) {
      if (key === target || key.startsWith(`${target}/`)) removed = this.entries.delete(key) || removed;
    }
    if (removed) this.touchParent(target);
  }

  /** A deep copy: later changes to either side do not reach the other. */
  clone(): FakeFiles {
    const copy = new FakeFiles(this.root, this.now);
    copy.entries.clear();
    for (const [key, entry] of this.entries) copy.entries.set(key, cloneEntry(entry));
    return copy;
  }

  /** Makes this tree exactly `other`'s (a rollback). */
  replaceWith(other: FakeFiles): void {
    this.entries.clear();
    for (const [key, entry] of other.entries) this.entries.set(key, cloneEntry(entry));
  }

  /** Total size of the files, for stats. */
  size(): number {
    let bytes = 0;
    for (const entry of this.entries.values()) if (entry.type === 'file') bytes += entry.content.length;
    return bytes;
  }

  /** Copies a host file, directory tree or symlink to `file`, with its modes and mtimes (never following links). */
  importFromHost(hostPath: string, file: string): void {
    const target = this.resolve(file);
    const stat = fs.lstatSync(hostPath, { bigint: true });
    if (stat.isSymbolicLink()) {
      this.remove(target);
      this.symlink(fs.readlinkSync(hostPath), target, { mtimeNs: stat.mtimeNs });
    } else if (stat.isDirectory()) {
      this.mkdir(target);
      for (const child of fs.readdirSync(hostPath).sort()) this.importFromHost(path.join(hostPath, child), path.posix.join(target, child));
      this.mkdir(target, { mode: Number(stat.mode) & 0o7777, mtimeNs: stat.mtimeNs });
    } else if (stat.isFile()) {
      this.write(target, fs.readFileSync(hostPath), { mode: Number(stat.mode) & 0o7777, mtimeNs: stat.mtimeNs });
    } else {
      throw new SandboxError(`${hostPath}: only files, directories and symlinks can be copied into a fake sandbox`);
    }
  }

  /** Writes `file` (and everything under it) to the host at `hostPath`, with modes and mtimes. */
  exportToHost(file: string, hostPath: string): void {
    const source = this.resolve(file);
    const entry = this.entries.get(source);
    if (!entry) throw new SandboxError(`${source} does not exist in the sandbox`);
    fs.mkdirSync(path.dirname(hostPath), { recursive: true });
    if (entry.type === 'symlink') {
      fs.symlinkSync(entry.target, hostPath);
      fs.lutimesSync(hostPath, seconds(entry.mtimeNs), seconds(entry.mtimeNs));
      return;
    }
    if (entry.type === 'file') {
      fs.writeFileSync(hostPath, entry.content);
      fs.chmodSync(hostPath, entry.mode);
      fs.utimesSync(hostPath, seconds(entry.mtimeNs), seconds(entry.mtimeNs));
      return;
    }
    fs.mkdirSync(hostPath, { recursive: true });
    const children = this.list().filter(([key]) => path.posix.dirname(key) === source && key !== source);
    for (const [key] of children) this.exportToHost(key, path.join(hostPath, path.posix.basename(key)));
    fs.chmodSync(hostPath, entry.mode);
    fs.utimesSync(hostPath, seconds(entry.mtimeNs), seconds(entry.mtimeNs));
  }

  private touchParent(target: string): void {
    const parent = this.entries.get(path.posix.dirname(target));
    if (parent && parent.type === 'dir' && target !== '/') parent.mtimeNs = this.now();
  }
}

/** Host timestamps are set in (fractional) seconds: exact to the microsecond at best. */
function seconds(ns: bigint): number {
  return Number(ns) / 1e9;
}

function cloneEntry(entry: FakeEntry): FakeEntry {
  return entry.type === 'file' ? { ...entry, content: Buffer.from(entry.content) } : { ...entry };
}
