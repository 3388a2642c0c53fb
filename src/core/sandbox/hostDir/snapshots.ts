import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LABEL, OWNER_LABEL_VALUE, SandboxError, type SnapshotRecord } from '../engine';
import type { SandboxPaths } from './layout';
import { copyTree, removeTree } from './treeCopy';

const SNAPSHOT_ID = /^snap-[a-z0-9-]+$/;

export async function takeSnapshot(paths: SandboxPaths, sandbox: string, label: string): Promise<SnapshotRecord> {
  const createdAt = new Date().toISOString();
  const id = `snap-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const dir = path.join(paths.snapshots, id);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await copyTree(paths.work, path.join(dir, 'work'));
    const labels = { [LABEL.owner]: OWNER_LABEL_VALUE, [LABEL.snapshotOf]: sandbox, [LABEL.snapshotLabel]: label, [LABEL.createdAt]: createdAt };
    await fs.promises.writeFile(path.join(dir, 'snapshot.json'), JSON.stringify({ id, labels }, null, 2) + '\n');
  } catch (error) {
    await removeTree(dir);
    throw error;
  }
  return { id, label, createdAt, handle: dir };
}

/**
 * Makes the work dir exactly the snapshot's: copy to `work.new`, move the old one away, move the new one in.
 * Between the two renames the work dir is briefly absent, never half-restored. The old tree is deleted
 * after the swap, off the caller's path (a leftover `work.old-*` is swept by the next rollback or destroy).
 */
export async function restoreSnapshot(paths: SandboxPaths, snapshot: SnapshotRecord): Promise<void> {
  const source = path.join(snapshotDir(paths, snapshot), 'work');
  if (!fs.existsSync(source)) throw new SandboxError(`Snapshot ${snapshot.id} (${snapshot.label}) is gone from ${paths.snapshots}`);
  const incoming = `${paths.work}.new`;
  const outgoing = `${paths.work}.old-${randomBytes(4).toString('hex')}`;
  await sweepOldTrees(paths);
  await removeTree(incoming);
  await copyTree(source, incoming);
  await fs.promises.rename(paths.work, outgoing);
  await fs.promises.rename(incoming, paths.work);
  void removeTree(outgoing).catch(() => undefined);
}

async function sweepOldTrees(paths: SandboxPaths): Promise<void> {
  const prefix = `${path.basename(paths.work)}.old-`;
  for (const entry of await fs.promises.readdir(paths.dir)) {
    if (entry.startsWith(prefix)) await removeTree(path.join(paths.dir, entry));
  }
}

export async function removeSnapshot(paths: SandboxPaths, snapshot: SnapshotRecord): Promise<void> {
  await removeTree(snapshotDir(paths, snapshot));
}

/** The snapshot's directory, derived from its id, so a tampered `handle` cannot point anywhere else. */
function snapshotDir(paths: SandboxPaths, snapshot: SnapshotRecord): string {
  if (!SNAPSHOT_ID.test(snapshot.id)) throw new SandboxError(`Invalid snapshot id "${snapshot.id}"`);
  return path.join(paths.snapshots, snapshot.id);
}
