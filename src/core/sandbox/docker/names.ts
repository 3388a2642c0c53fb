/** Docker object names derived from the sandbox name, so a sandbox's objects are recognisable in `docker ps`. */
export const containerName = (sandbox: string): string => `snakepit-${sandbox}`;
export const workVolumeName = (sandbox: string): string => `snakepit-${sandbox}-work`;

/** Snapshot images are tagged (not left dangling) so `docker image prune` does not take them. */
export const SNAPSHOT_REPOSITORY = 'snakepit/snapshot';
export const snapshotTag = (sandbox: string, snapshotId: string): string => `${sandbox}-${snapshotId}`;
