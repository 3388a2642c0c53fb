import type Docker from 'dockerode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** tar-fs pulls in an old readable-stream whose loading costs more than the rest of the sandbox code: loaded when a copy needs it. */
const loadTarFs = async () => (await import('tar-fs')).default;

/** Renames the archive's top entry `from` (and everything under it) to `to`. */
function renameTop(from: string, to: string) {
  return <H extends { name: string }>(header: H): H => {
    if (header.name === from || header.name === `${from}/`) return { ...header, name: to + header.name.slice(from.length) };
    if (header.name.startsWith(`${from}/`)) return { ...header, name: to + header.name.slice(from.length) };
    return header;
  };
}

/**
 * Copies a host file or directory to `sandboxPath` (the copy's own path), owned by `owner` so the sandbox can change
 * it. (Docker's `copyUIDGID` would look a numeric `User` up in the host's passwd database and fail.)
 */
export async function copyIntoContainer(
  container: Docker.Container,
  hostPath: string,
  sandboxPath: string,
  owner: { uid: number; gid: number },
): Promise<void> {
  const source = path.resolve(hostPath);
  await fs.promises.lstat(source);
  const target = path.posix.normalize(sandboxPath);
  const tarFs = await loadTarFs();
  const archive = tarFs.pack(path.dirname(source), {
    entries: [path.basename(source)],
    map: (header) => ({ ...renameTop(path.basename(source), path.posix.basename(target))(header), uid: owner.uid, gid: owner.gid }),
  });
  await container.putArchive(archive, { path: path.posix.dirname(target) });
}

/** Copies `sandboxPath` out to `hostPath` (the copy's own path); files belong to the host user. */
export async function copyOutOfContainer(container: Docker.Container, sandboxPath: string, hostPath: string): Promise<void> {
  const source = path.posix.normalize(sandboxPath);
  const target = path.resolve(hostPath);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const tarFs = await loadTarFs();
  const archive = (await container.getArchive({ path: source })) as NodeJS.ReadableStream;
  await pipeline(
    archive,
    tarFs.extract(path.dirname(target), { map: renameTop(path.posix.basename(source), path.basename(target)), chown: false }),
  );
}
