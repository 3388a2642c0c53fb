/** Docker object names derived from the sandbox name, so a sandbox's objects are recognisable in `docker ps`. */
export const containerName = (sandbox: string): string => `snakepit-${sandbox}`;
export const workVolumeName = (sandbox: string): string => `snakepit-${sandbox}-work`;
/** A snapshot is a volume holding a copy of the work volume. */
export const snapshotVolumeName = (sandbox: string, snapshotId: string): string => `snakepit-${sandbox}-snapshot-${snapshotId}`;
