import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SandboxError,
  type EngineKind,
  type OwnedResource,
  type SandboxHealth,
  type SandboxRecord,
  type SandboxSpec,
  type SandboxStats,
  type SnapshotRecord,
} from '../engine';
import { currentOwner } from '../owner';
import { removeSandboxCgroup } from './cgroup';
import { commandStats } from './commandStats';
import { pathsOfHandle, sandboxPaths, type SandboxPaths } from './layout';
import { killLiveCommands, liveCommands } from './liveCommands';
import { isDirectChild, labelsFor, readSandboxFile, scanOwned, writeSandboxFile, type SandboxFile } from './recordFile';
import { removeSnapshot, restoreSnapshot, takeSnapshot } from './snapshots';
import { copyTree, removeTree } from './treeCopy';
import { hostPathInWork, isSymlink } from './workPaths';

/**
 * What the bubblewrap and venv engines share: sandboxes as directories under one root,
 * their record files, snapshots, copies in and out, and the commands running in them.
 */
export class HostDirSandboxes {
  constructor(
    readonly root: string,
    readonly engine: EngineKind,
    /** The work dir as commands see it: `/work` for bubblewrap, the host path for venv (undefined: the host path). */
    private readonly workDirInside?: string,
  ) {}

  paths(record: SandboxRecord): SandboxPaths {
    return pathsOfHandle(this.root, record.handle);
  }

  /** Makes `<root>/<name>/{work,snapshots}`; refuses a name already taken. */
  async makeDir(spec: SandboxSpec): Promise<SandboxPaths> {
    const paths = sandboxPaths(path.resolve(this.root), spec.name);
    await fs.promises.mkdir(this.root, { recursive: true, mode: 0o700 });
    try {
      await fs.promises.mkdir(paths.dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SandboxError(`A sandbox named "${spec.name}" already exists in ${this.root}`, 'Pick another name or remove it first');
      throw error;
    }
    await fs.promises.mkdir(paths.work);
    await fs.promises.mkdir(paths.snapshots);
    return paths;
  }

  newRecord(spec: SandboxSpec, paths: SandboxPaths, image: string): SandboxRecord {
    return {
      name: spec.name,
      engine: this.engine,
      image,
      purpose: spec.purpose ?? 'user',
      network: spec.network ?? 'none',
      limits: { ...spec.limits },
      mounts: [...(spec.mounts ?? [])],
      createdAt: new Date().toISOString(),
      owner: currentOwner(),
      handle: paths.dir,
      workDir: this.workDirInside ?? paths.work,
      snapshots: [],
    };
  }

  writeRecord(spec: SandboxSpec, record: SandboxRecord, extra: Omit<SandboxFile, 'labels' | 'record'> = {}): void {
    writeSandboxFile(this.paths(record).recordFile, { labels: labelsFor(spec, record), record, ...extra });
  }

  readRecordFile(record: SandboxRecord): SandboxFile {
    const file = readSandboxFile(this.paths(record).recordFile);
    if (!file) throw new SandboxError(`Sandbox "${record.name}" is gone or damaged (no ${this.paths(record).recordFile})`, 'Destroy it and create it again');
    return file;
  }

  /** Throws unless the sandbox directory and its work dir exist. */
  requireExisting(record: SandboxRecord): SandboxPaths {
    const paths = this.paths(record);
    if (!fs.existsSync(paths.work)) throw new SandboxError(`Sandbox "${record.name}" is missing: ${paths.work} does not exist`, 'It was removed outside Snakepit; destroy it and create it again');
    return paths;
  }

  async destroy(record: SandboxRecord): Promise<void> {
    const paths = this.paths(record);
    killLiveCommands(paths.run);
    await removeSandboxCgroup(record.name);
    await removeTree(paths.dir);
  }

  stop(record: SandboxRecord): void {
    killLiveCommands(this.paths(record).run);
  }

  liveCommands(record: SandboxRecord): number[] {
    return liveCommands(this.paths(record).run);
  }

  async snapshot(record: SandboxRecord, label: string): Promise<SnapshotRecord> {
    return takeSnapshot(this.requireExisting(record), record.name, label);
  }

  /** Commands still running would keep writing into the replaced tree, so they are killed first. */
  async rollback(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    const paths = this.requireExisting(record);
    killLiveCommands(paths.run);
    await restoreSnapshot(paths, snapshot);
  }

  async deleteSnapshot(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    await removeSnapshot(this.paths(record), snapshot);
  }

  async copyIn(record: SandboxRecord, hostPath: string, sandboxPath: string): Promise<void> {
    const paths = this.requireExisting(record);
    const target = hostPathInWork(paths.work, record.workDir, sandboxPath);
    if (isSymlink(target)) throw new SandboxError(`${sandboxPath} is a symlink in the sandbox; refusing to write through it`);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await copyTree(hostPath, target);
  }

  async copyOut(record: SandboxRecord, sandboxPath: string, hostPath: string): Promise<void> {
    const paths = this.requireExisting(record);
    const source = hostPathInWork(paths.work, record.workDir, sandboxPath);
    if (!fs.existsSync(source) && !isSymlink(source)) throw new SandboxError(`${sandboxPath} does not exist in sandbox "${record.name}"`);
    await copyTree(source, hostPath);
  }

  async stats(record: SandboxRecord): Promise<SandboxStats> {
    return commandStats(this.liveCommands(record), record.limits.memoryBytes);
  }

  inspect(record: SandboxRecord, whatRuns: string): SandboxHealth {
    const paths = this.paths(record);
    if (!fs.existsSync(paths.dir)) return { state: 'missing', reason: `directory ${paths.dir} removed outside Snakepit` };
    if (!fs.existsSync(paths.work) || !readSandboxFile(paths.recordFile)) {
      return { state: 'unhealthy', reason: `${paths.dir} is incomplete (work dir or sandbox.json missing)` };
    }
    const live = this.liveCommands(record).length;
    return live > 0 ? { state: 'running', reason: `${live} ${whatRuns} running` } : { state: 'stopped' };
  }

  listOwned(): OwnedResource[] {
    return scanOwned(this.root, this.engine);
  }

  async removeOwned(resource: OwnedResource): Promise<void> {
    if (resource.engine !== this.engine || resource.kind !== 'directory' || !isDirectChild(this.root, resource.id)) {
      throw new SandboxError(`Not a ${this.engine} sandbox directory of ${this.root}: ${resource.id}`);
    }
    const paths = sandboxPaths(path.resolve(this.root), path.basename(resource.id));
    if (!fs.existsSync(paths.dir)) return;
    const file = readSandboxFile(paths.recordFile);
    if (!file) throw new SandboxError(`${paths.dir} has no Snakepit label; not removing it`);
    if (file.record.engine !== this.engine) throw new SandboxError(`${paths.dir} belongs to the ${file.record.engine} engine, not ${this.engine}`);
    killLiveCommands(paths.run);
    await removeSandboxCgroup(path.basename(paths.dir));
    await removeTree(paths.dir);
  }

  /** On a failed create: nothing it made stays behind. */
  async discard(paths: SandboxPaths): Promise<void> {
    killLiveCommands(paths.run);
    await removeTree(paths.dir);
  }
}
