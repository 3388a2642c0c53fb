import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Mount } from '../engine';

/** `nobody:nogroup` in Debian-based images; exists without an /etc/passwd entry too. */
export const NOBODY = 65534;

export interface Identity {
  uid: number;
  gid: number;
}

/** Whether the Docker daemon runs on this machine (its bind mounts are this machine's paths, its uids this machine's). */
function localDaemon(env: NodeJS.ProcessEnv = process.env): boolean {
  const host = env.DOCKER_HOST;
  return !host || host.startsWith('unix://');
}

/**
 * Who a sandbox runs as: the host user, where Snakepit runs as one and the daemon is local, so bind-mounted files are
 * read and written as theirs (a 0700 workspace with 0600 files works, and what the sandbox writes belongs to them),
 * as Dev Containers do. Never root: for a root host user (and a remote daemon) sandboxes run as nobody, and mounts
 * nobody cannot read are copied in instead (see copiedMounts).
 */
export function sandboxIdentity(): Identity {
  const uid = process.getuid?.() ?? NOBODY;
  const gid = process.getgid?.() ?? NOBODY;
  return uid > 0 && localDaemon() ? { uid, gid } : { uid: NOBODY, gid: NOBODY };
}

export const userSpec = (identity: Identity): string => `${identity.uid}:${identity.gid}`;

/** The identity a container was made with (`Config.User`, "uid:gid"); nobody when unset or not numeric. */
export function parseUserSpec(user: string | undefined): Identity {
  const match = /^(\d+)(?::(\d+))?$/.exec(user ?? '');
  return match ? { uid: Number(match[1]), gid: Number(match[2] ?? match[1]) } : { uid: NOBODY, gid: NOBODY };
}

const MAX_ENTRIES_CHECKED = 10_000;

/** Whether someone who is neither the owner nor in the group can read everything under `hostPath` (first 10,000 entries). */
export function readableByOthers(hostPath: string): boolean {
  const pending = [hostPath];
  let checked = 0;
  while (pending.length > 0 && checked < MAX_ENTRIES_CHECKED) {
    const current = pending.pop()!;
    checked++;
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return false;
    }
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) {
      if ((stat.mode & 0o005) !== 0o005) return false;
      for (const entry of fs.readdirSync(current)) pending.push(path.join(current, entry));
    } else if ((stat.mode & 0o004) === 0) return false;
  }
  return true;
}

/**
 * The mounts to copy in rather than bind: for a sandbox running as nobody, those nobody could not read through a
 * bind (a root user's private workspace). Only paths under the work volume can take a copy.
 */
export function copiedMounts(mounts: readonly Mount[], identity: Identity): Mount[] {
  if (identity.uid !== NOBODY) return [];
  return mounts.filter((m) => !readableByOthers(m.hostPath));
}
