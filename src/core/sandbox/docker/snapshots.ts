import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { LABEL, type SandboxRecord, type SnapshotRecord } from '../engine';
import { isConflict, isNotFound } from './errors';
import { runHelper } from './helperContainer';
import { sandboxLabels, SNAPSHOT_ID_LABEL } from './labels';
import { SNAPSHOT_REPOSITORY, snapshotTag } from './names';

/**
 * One POSIX tar rather than a copied tree: Docker's commit keeps only whole-second mtimes of the files it
 * layers, the pax headers inside keep nanoseconds; and one big file commits faster than many small ones.
 */
const SNAPSHOT_ARCHIVE = '/snapshot.tar';

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

/** Archives the work volume into a helper container's own filesystem and commits that as a labelled image. */
export async function takeSnapshot(docker: Docker, record: SandboxRecord, label: string): Promise<SnapshotRecord> {
  const id = randomBytes(6).toString('hex');
  const createdAt = new Date().toISOString();
  const labels = sandboxLabels(record, { [LABEL.snapshotOf]: record.name, [LABEL.snapshotLabel]: label, [SNAPSHOT_ID_LABEL]: id });
  const helper = await whilePaused(docker.getContainer(record.handle), () =>
    runHelper(docker, { image: record.image, sandbox: record.name, script: `tar --create --format=posix --numeric-owner --file ${SNAPSHOT_ARCHIVE} --directory /work .`, workReadOnly: true, labels }),
  );
  try {
    const image = (await helper.commit({ repo: SNAPSHOT_REPOSITORY, tag: snapshotTag(record.name, id), pause: false })) as { Id: string };
    return { id, label, createdAt, handle: image.Id };
  } finally {
    await helper.remove({ force: true }).catch(() => undefined);
  }
}

/** Empties the work volume and unpacks the snapshot into it: added files go, removed ones return, owners, modes and mtimes kept. */
export async function restoreSnapshot(docker: Docker, record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
  const labels = sandboxLabels(record, { [LABEL.snapshotOf]: record.name, [SNAPSHOT_ID_LABEL]: snapshot.id });
  const helper = await whilePaused(docker.getContainer(record.handle), () =>
    runHelper(docker, {
      image: snapshot.handle,
      sandbox: record.name,
      script: `find /work -mindepth 1 -delete && tar --extract --numeric-owner --same-owner --same-permissions --file ${SNAPSHOT_ARCHIVE} --directory /work`,
      workReadOnly: false,
      labels,
    }),
  );
  await helper.remove({ force: true }).catch(() => undefined);
}

export async function removeSnapshotImage(docker: Docker, snapshot: SnapshotRecord): Promise<void> {
  try {
    await docker.getImage(snapshot.handle).remove({ force: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
