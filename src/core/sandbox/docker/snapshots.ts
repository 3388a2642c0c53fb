import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { LABEL, SandboxError, type SandboxRecord, type SnapshotRecord } from '../engine';
import { isConflict, isNotFound } from './errors';
import { WORK_DIR } from './hardening';
import { runHelper, workVolumeOf } from './helperContainer';
import { ROLLBACK_SCRIPT, SNAPSHOT_DIR, SNAPSHOT_SCRIPT } from './snapshotScripts';
import { isOwned, sandboxLabels, SNAPSHOT_ID_LABEL } from './labels';
import { snapshotVolumeName } from './names';

const python = (script: string) => ['python3', '-I', '-S', '-B', '-c', script, WORK_DIR, SNAPSHOT_DIR];

/** Images made by the previous implementation (a committed helper holding a tar) have image IDs as handles. */
const isLegacyImage = (snapshot: SnapshotRecord) => snapshot.handle.startsWith('sha256:');
const LEGACY_ARCHIVE = '/snapshot.tar';

/** Freezes the sandbox's processes while its files are copied, so the copy is consistent. */
async function whilePaused<T>(container: Docker.Container, work: () => Promise<T>): Promise<T> {
  let paused = false;
  try {
    await container.pause();
    paused = true;
  } catch (error) {
    if (!isConflict(error) && !isNotFound(error)) throw error;
  }
  try {
    return await work();
  } finally {
    if (paused) await container.unpause().catch(() => undefined);
  }
}

const helperLabels = (record: SandboxRecord, snapshotId: string) =>
  sandboxLabels(record, { 'snakepit.helper': 'snapshot', [SNAPSHOT_ID_LABEL]: snapshotId });

/** Copies the work volume into a new labelled snapshot volume; the volume's name is the snapshot's handle. */
export async function takeSnapshot(docker: Docker, record: SandboxRecord, label: string): Promise<SnapshotRecord> {
  const id = randomBytes(6).toString('hex');
  const createdAt = new Date().toISOString();
  const labels = sandboxLabels(
    { ...record, createdAt },
    { [LABEL.snapshotOf]: record.name, [LABEL.snapshotLabel]: label, [SNAPSHOT_ID_LABEL]: id },
  );
  // dockerode resolves createVolume with a Volume object, whatever its typings say: keep the name we chose.
  const volume = snapshotVolumeName(record.name, id);
  await docker.createVolume({ Name: volume, Labels: labels });
  try {
    const workVolume = await workVolumeOf(docker, record);
    await whilePaused(docker.getContainer(record.handle), () =>
      runHelper(docker, {
        image: record.image,
        sandbox: record.name,
        workVolume,
        command: python(SNAPSHOT_SCRIPT),
        workReadOnly: true,
        volumes: { [volume]: SNAPSHOT_DIR },
        labels: helperLabels(record, id),
      }),
    );
    return { id, label, createdAt, handle: volume };
  } catch (error) {
    await removeVolume(docker, volume).catch(() => undefined);
    throw error;
  }
}

/** Empties the work volume and copies the snapshot back: added files go, removed ones return, owners, modes and mtimes kept. */
export async function restoreSnapshot(docker: Docker, record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
  if (isLegacyImage(snapshot)) return restoreLegacySnapshot(docker, record, snapshot);
  await requireSnapshotVolume(docker, record, snapshot);
  const workVolume = await workVolumeOf(docker, record);
  await whilePaused(docker.getContainer(record.handle), () =>
    runHelper(docker, {
      image: record.image,
      sandbox: record.name,
      workVolume,
      command: python(ROLLBACK_SCRIPT),
      workReadOnly: false,
      volumes: { [snapshot.handle]: SNAPSHOT_DIR },
      labels: helperLabels(record, snapshot.id),
    }),
  );
}

/**
 * Mounting a volume that does not exist would create it empty, and the rollback would wipe /work: make sure the
 * snapshot volume is there and is this sandbox's.
 */
async function requireSnapshotVolume(docker: Docker, record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
  let labels: Record<string, string> | undefined;
  try {
    labels = (await docker.getVolume(snapshot.handle).inspect()).Labels ?? undefined;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (!labels) throw snapshotGone(record, snapshot);
  if (!isOwned(labels) || labels[LABEL.snapshotOf] !== record.name) {
    throw new SandboxError(`Volume "${snapshot.handle}" is not a snapshot of sandbox "${record.name}"`, 'Take a new snapshot');
  }
}

export function snapshotGone(record: SandboxRecord, snapshot: SnapshotRecord): SandboxError {
  return new SandboxError(`Snapshot "${snapshot.label}" (${snapshot.id}) of sandbox "${record.name}" is gone from Docker`, 'Take a new snapshot');
}

/** Snapshots taken before snapshot volumes: an image holding /snapshot.tar. */
async function restoreLegacySnapshot(docker: Docker, record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
  try {
    await docker.getImage(snapshot.handle).inspect();
  } catch (error) {
    if (isNotFound(error)) throw snapshotGone(record, snapshot);
    throw error;
  }
  const workVolume = await workVolumeOf(docker, record);
  await whilePaused(docker.getContainer(record.handle), () =>
    runHelper(docker, {
      image: snapshot.handle,
      sandbox: record.name,
      workVolume,
      command: ['sh', '-c', `find ${WORK_DIR} -mindepth 1 -delete && tar --extract --numeric-owner --same-owner --same-permissions --file ${LEGACY_ARCHIVE} --directory ${WORK_DIR}`],
      workReadOnly: false,
      labels: helperLabels(record, snapshot.id),
    }),
  );
}

export async function removeSnapshot(docker: Docker, snapshot: SnapshotRecord): Promise<void> {
  if (!isLegacyImage(snapshot)) return removeVolume(docker, snapshot.handle);
  try {
    await docker.getImage(snapshot.handle).remove({ force: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Removes an owned volume; a helper that just ended may hold it for a moment longer. Gone already is fine. */
async function removeVolume(docker: Docker, name: string): Promise<void> {
  const volume = docker.getVolume(name);
  for (let attempt = 0; ; attempt++) {
    try {
      if (!isOwned((await volume.inspect()).Labels)) return;
      await volume.remove();
      return;
    } catch (error) {
      if (isNotFound(error)) return;
      if (!isConflict(error) || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
