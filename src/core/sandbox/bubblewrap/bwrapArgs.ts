import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SandboxError, type Mount, type NetworkMode } from '../engine';
import type { SandboxFiles } from './sandboxFiles';

export const WORK_DIR = '/work';
export const VENV_DIR = `${WORK_DIR}/.venv`;
/**
 * The host name commands see (`--unshare-uts --hostname`), in the generated /etc/hostname and /etc/hosts too: an
 * ordinary machine's, as docker sandboxes have, so code that checks for a sandbox before acting gets as far as acting.
 */
export const SANDBOX_HOSTNAME = 'workstation';

export interface BwrapInvocation {
  hostWork: string;
  network: NetworkMode;
  mounts: readonly Mount[];
  /** The interpreter's prefix; bound read-only again when it sits under a hidden directory (pyenv in $HOME). */
  interpreterPrefix?: string;
  /** The venv template's site-packages, shared read-only by the sandboxes' thin venvs (same path inside). */
  venvBase?: string;
  /** The directory holding every sandbox of this engine: hidden, so one sandbox never reads another's files. */
  sandboxesRoot?: string;
  /** Generated /etc/passwd, /etc/hostname, … for this sandbox (see sandboxFiles.ts); without them the host's show. */
  files?: SandboxFiles;
  cwd?: string;
  env?: Record<string, string>;
  argv: readonly string[];
}

/**
 * Top-level host directories replaced by an empty tmpfs: homes (~/.ssh, tokens, keyrings), /run (the docker socket,
 * session buses, agent sockets: a unix socket is reachable even without a network), /var (logs, mail, spools,
 * /var/lib/docker's container filesystems, databases), and the usual places for data and disks.
 */
const HIDDEN_TOP = new Set(['home', 'root', 'run', 'var', 'mnt', 'media', 'srv', 'boot']);
/** Set up by bwrap itself (`--proc`, `--dev`, an empty /sys, a tmpfs /tmp), or not shown at all (lost+found). */
const OWN_TOP = new Set(['proc', 'dev', 'sys', 'tmp', 'lost+found']);

/** In /etc: files naming the host's users, their password hashes, and the machine's identity. Bound over with an empty file. */
const ETC_BLANKED = ['shadow', 'shadow-', 'gshadow', 'gshadow-', 'passwd-', 'group-', 'subuid', 'subuid-', 'subgid', 'subgid-', 'machine-id'];

/**
 * In /proc (already the sandbox's own PID namespace): what Docker masks too — the kernel's memory, keys and
 * timers, ACPI and sound devices — plus the kernel's boot command line and build configuration.
 */
const PROC_BLANKED_FILES = ['kcore', 'keys', 'key-users', 'timer_list', 'timer_stats', 'sched_debug', 'latency_stats', 'kallsyms', 'cmdline', 'config.gz'];
const PROC_BLANKED_DIRS = ['acpi', 'asound', 'scsi'];

/** Host environment variables that name a socket or credential file (ssh/gpg agents, D-Bus, X11 cookies, Kerberos, docker/podman). */
const SOCKET_ENV = ['SSH_AUTH_SOCK', 'GPG_AGENT_INFO', 'DBUS_SESSION_BUS_ADDRESS', 'DBUS_SYSTEM_BUS_ADDRESS', 'XAUTHORITY', 'KRB5CCNAME', 'DOCKER_HOST', 'CONTAINER_HOST', 'PULSE_SERVER', 'WAYLAND_DISPLAY'];

/**
 * `bwrap …` for one command. The root is bwrap's own (read-only once set up): the host's top-level directories
 * bound read-only one by one except the hidden ones (so their mounts are not even in the namespace), a minimal /dev,
 * a fresh /proc with the host's identifiers blanked, an empty /sys, tmpfs /tmp, only /work writable, env cleared.
 */
export function bwrapArgs(invocation: BwrapInvocation): string[] {
  return ['bwrap', ...bwrapOptions(invocation), '--', ...invocation.argv];
}

/** bwrapArgs without `bwrap` and the command: what the engine hands bwrap through `--args` (see launch.ts). */
export function bwrapOptions(invocation: BwrapInvocation): string[] {
  const args = ['--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--hostname', SANDBOX_HOSTNAME, '--unshare-cgroup-try'];
  if (invocation.network !== 'bridge') args.push('--unshare-net');
  args.push('--die-with-parent', '--new-session');
  const view = hostView(invocation.sandboxesRoot);
  args.push(...view.args);
  args.push('--dev', '/dev', '--proc', '/proc', '--dir', '/sys', '--tmpfs', '/tmp');
  for (const dir of view.extraHidden) args.push('--tmpfs', dir);
  const files = invocation.files;
  if (files) args.push(...etcArgs(files, invocation.network), ...procArgs(files));
  // DNS: /etc/resolv.conf may point into /run (systemd-resolved, NetworkManager, resolvconf), which is hidden.
  if (invocation.network === 'bridge') {
    args.push('--ro-bind-try', '/run/systemd/resolve', '/run/systemd/resolve');
    const resolv = realPath('/etc/resolv.conf');
    if (resolv && resolv !== '/etc/resolv.conf' && !view.shows(resolv)) args.push('--ro-bind', resolv, resolv);
  }
  const prefix = invocation.interpreterPrefix;
  if (prefix && !view.shows(prefix)) args.push('--ro-bind', prefix, prefix);
  if (invocation.venvBase && fs.existsSync(invocation.venvBase)) args.push('--ro-bind', invocation.venvBase, invocation.venvBase);
  args.push('--bind', invocation.hostWork, WORK_DIR);
  for (const mount of invocation.mounts) args.push(...mountArgs(mount));
  if (files) args.push(...socketMaskArgs(files, invocation, view));
  args.push('--remount-ro', '/');
  args.push('--chdir', path.posix.resolve(WORK_DIR, invocation.cwd ?? '.'));
  args.push('--clearenv');
  const env = { ...baseEnv(), ...invocation.env };
  for (const [key, value] of Object.entries(env)) args.push('--setenv', key, value);
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

interface HostView {
  /** Binds, symlinks and tmpfs mounts for the host's top-level entries. */
  args: string[];
  /** Directories below visible ones to hide as well: the user's home and runtime dir, the sandboxes' root. */
  extraHidden: string[];
  /** Whether a host path appears at the same path inside (before the work dir and mounts are added). */
  shows(hostPath: string): boolean;
}

function hostView(sandboxesRoot: string | undefined): HostView {
  const args: string[] = [];
  const bound = new Set<string>();
  const workTop = WORK_DIR.split('/')[1];
  for (const entry of fs.readdirSync('/', { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const name = entry.name;
    const target = `/${name}`;
    if (OWN_TOP.has(name) || name === workTop) continue;
    if (entry.isSymbolicLink()) {
      args.push('--symlink', fs.readlinkSync(target), target);
    } else if (!entry.isDirectory()) {
      continue; // /.dockerenv, swap files, stray files: nothing a program needs.
    } else if (HIDDEN_TOP.has(name)) {
      args.push('--tmpfs', target);
      if (name === 'var') args.push('--dir', '/var/tmp', '--symlink', '../run', '/var/run', '--symlink', '../run/lock', '/var/lock');
    } else {
      args.push('--ro-bind', target, target);
      bound.add(name);
    }
  }
  const visible = (hostPath: string) => bound.has(hostPath.split('/')[1] ?? '');
  const candidates = [os.homedir(), process.env.XDG_RUNTIME_DIR ?? '', sandboxesRoot ?? '']
    .filter((dir) => dir !== '' && path.isAbsolute(dir) && isRealDirectory(dir))
    .map((dir) => realPath(dir) ?? dir)
    .filter((dir) => dir !== '/' && visible(dir));
  const unique = [...new Set(candidates)].sort();
  const extraHidden = unique.filter((dir) => !unique.some((other) => other !== dir && isUnder(dir, other)));
  return { args, extraHidden, shows: (hostPath) => visible(hostPath) && !extraHidden.some((dir) => isUnder(hostPath, dir)) };
}

function etcArgs(files: SandboxFiles, network: NetworkMode): string[] {
  const args = ['--ro-bind', files.passwd, '/etc/passwd', '--ro-bind', files.group, '/etc/group'];
  if (isFile('/etc/hostname')) args.push('--ro-bind', files.hostname, '/etc/hostname');
  // With a network the host's own resolution may need its hosts file (a mirror named there); without one, nothing does.
  if (network !== 'bridge' && isFile('/etc/hosts')) args.push('--ro-bind', files.hosts, '/etc/hosts');
  for (const name of ETC_BLANKED) if (isFile(`/etc/${name}`)) args.push('--ro-bind', files.empty, `/etc/${name}`);
  for (const key of sshHostKeys()) args.push('--ro-bind', files.empty, key);
  return args;
}

function sshHostKeys(): string[] {
  try {
    return fs
      .readdirSync('/etc/ssh')
      .filter((name) => /^ssh_host_.*_key$/.test(name))
      .map((name) => `/etc/ssh/${name}`)
      .filter(isFile);
  } catch {
    return [];
  }
}

function procArgs(files: SandboxFiles): string[] {
  const args: string[] = [];
  // Same kernel inside and out: what exists in the host's /proc exists in the sandbox's (bwrap cannot create files there).
  for (const name of PROC_BLANKED_FILES) if (exists(`/proc/${name}`)) args.push('--ro-bind', files.empty, `/proc/${name}`);
  for (const name of PROC_BLANKED_DIRS) if (isRealDirectory(`/proc/${name}`)) args.push('--tmpfs', `/proc/${name}`);
  if (exists('/proc/sys/kernel/random/boot_id')) args.push('--ro-bind', files.bootId, '/proc/sys/kernel/random/boot_id');
  return args;
}

/**
 * Sockets and credential files named by the host's environment (the agent behind $SSH_AUTH_SOCK, …), wherever they
 * would show inside — at their own path, in the work dir or under a mount — are covered by an empty file: the
 * environment is cleared, but a path that can be guessed must not answer either.
 */
function socketMaskArgs(files: SandboxFiles, invocation: BwrapInvocation, view: HostView): string[] {
  const args: string[] = [];
  const seen = new Set<string>();
  for (const hostPath of envNamedPaths(process.env)) {
    const stat = lstat(hostPath);
    if (!stat || stat.isDirectory() || stat.isSymbolicLink()) continue;
    const places: string[] = [];
    if (view.shows(hostPath)) places.push(hostPath);
    if (isUnder(hostPath, invocation.hostWork)) places.push(path.posix.join(WORK_DIR, path.relative(invocation.hostWork, hostPath)));
    for (const mount of invocation.mounts) {
      const source = path.resolve(mount.hostPath);
      if (isUnder(hostPath, source)) places.push(path.posix.join(mount.sandboxPath, path.relative(source, hostPath)));
    }
    for (const place of places) {
      if (seen.has(place)) continue;
      seen.add(place);
      args.push('--ro-bind', files.empty, place);
    }
  }
  return args;
}

/** The absolute paths named by SOCKET_ENV variables (`unix:path=…`, `unix://…`, `FILE:…`, `path:pid:1`, a plain path), resolved. */
export function envNamedPaths(env: NodeJS.ProcessEnv): string[] {
  const paths: string[] = [];
  for (const key of SOCKET_ENV) {
    const value = env[key];
    if (!value) continue;
    for (const part of value.split(';')) {
      const match = /unix:path=([^,;]+)/.exec(part) ?? /^unix:\/\/(\/[^?#]*)/.exec(part) ?? /^unix:(\/\S*)/.exec(part) ?? /^FILE:(\/.*)/.exec(part);
      const candidate = match ? match[1] : key === 'GPG_AGENT_INFO' ? part.split(':')[0] : part;
      if (!path.isAbsolute(candidate)) continue;
      const dir = realPath(path.dirname(candidate));
      if (dir) paths.push(path.join(dir, path.basename(candidate)));
    }
  }
  return [...new Set(paths)];
}

function mountArgs(mount: Mount): string[] {
  if (!path.isAbsolute(mount.sandboxPath)) throw new SandboxError(`Mount target "${mount.sandboxPath}" must be an absolute path`);
  if (!fs.existsSync(mount.hostPath)) throw new SandboxError(`Mount source ${mount.hostPath} does not exist`);
  return [mount.readOnly ? '--ro-bind' : '--bind', path.resolve(mount.hostPath), mount.sandboxPath];
}

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

function isRealDirectory(dir: string): boolean {
  return lstat(dir)?.isDirectory() ?? false;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function exists(file: string): boolean {
  return lstat(file) !== undefined;
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

function isUnder(candidate: string, dir: string): boolean {
  return candidate === dir || candidate.startsWith(dir.endsWith('/') ? dir : dir + '/');
}
