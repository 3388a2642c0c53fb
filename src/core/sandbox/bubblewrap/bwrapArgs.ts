import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SandboxError, type Mount, type NetworkMode } from '../engine';

export const WORK_DIR = '/work';
export const VENV_DIR = `${WORK_DIR}/.venv`;

export interface BwrapInvocation {
  hostWork: string;
  network: NetworkMode;
  mounts: readonly Mount[];
  /** The interpreter's prefix; bound read-only again when it sits under a hidden directory (pyenv in $HOME). */
  interpreterPrefix?: string;
  /** The venv template's site-packages, shared read-only by the sandboxes' thin venvs (same path inside). */
  venvBase?: string;
  cwd?: string;
  env?: Record<string, string>;
  argv: readonly string[];
}

/** `bwrap …` for one command: host read-only, secrets hidden, only the work dir writable, env cleared. */
export function bwrapArgs(invocation: BwrapInvocation): string[] {
  const args = ['bwrap', '--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'];
  if (invocation.network !== 'bridge') args.push('--unshare-net');
  args.push('--die-with-parent', '--new-session');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
  const hidden = hiddenDirectories();
  for (const dir of hidden) args.push('--tmpfs', dir);
  // DNS on systemd hosts goes through a file under /run, which is hidden above.
  if (invocation.network === 'bridge') args.push('--ro-bind-try', '/run/systemd/resolve', '/run/systemd/resolve');
  const prefix = invocation.interpreterPrefix;
  if (prefix && hidden.some((dir) => isUnder(prefix, dir))) args.push('--ro-bind', prefix, prefix);
  if (invocation.venvBase && fs.existsSync(invocation.venvBase)) args.push('--ro-bind', invocation.venvBase, invocation.venvBase);
  args.push('--bind', invocation.hostWork, WORK_DIR);
  for (const mount of invocation.mounts) args.push(...mountArgs(mount));
  args.push('--chdir', path.posix.resolve(WORK_DIR, invocation.cwd ?? '.'));
  args.push('--clearenv');
  const env = { ...baseEnv(), ...invocation.env };
  for (const [key, value] of Object.entries(env)) args.push('--setenv', key, value);
  args.push('--', ...invocation.argv);
  return args;
}

function baseEnv(): Record<string, string> {
  return {
    PATH: `${VENV_DIR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: WORK_DIR,
    LANG: 'C.UTF-8',
    TMPDIR: '/tmp',
    VIRTUAL_ENV: VENV_DIR,
  };
}

/**
 * Covered by an empty tmpfs: homes (~/.ssh, tokens, keyrings) and /run (the docker socket, the user's
 * session bus and agent sockets; a unix socket is reachable even without a network).
 */
function hiddenDirectories(): string[] {
  const candidates = ['/root', '/home', os.homedir(), '/run', process.env.XDG_RUNTIME_DIR ?? ''];
  const existing = candidates.filter((dir) => dir !== '' && dir !== '/' && isRealDirectory(dir)).map((dir) => path.resolve(dir));
  const unique = [...new Set(existing)].sort();
  return unique.filter((dir) => !unique.some((other) => other !== dir && isUnder(dir, other)));
}

function mountArgs(mount: Mount): string[] {
  if (!path.isAbsolute(mount.sandboxPath)) throw new SandboxError(`Mount target "${mount.sandboxPath}" must be an absolute path`);
  if (!fs.existsSync(mount.hostPath)) throw new SandboxError(`Mount source ${mount.hostPath} does not exist`);
  return [mount.readOnly ? '--ro-bind' : '--bind', path.resolve(mount.hostPath), mount.sandboxPath];
}

function isRealDirectory(dir: string): boolean {
  try {
    return fs.lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function isUnder(candidate: string, dir: string): boolean {
  return candidate === dir || candidate.startsWith(dir.endsWith('/') ? dir : dir + '/');
}
