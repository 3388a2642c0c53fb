import * as path from 'node:path';
import type { ProbeEvent } from '../probe/types';
import { parseStrace, quotedStrings, returned, type Syscall } from './parseStrace';

/** The hook's line saying a process is watched from `t` on (python/snakepit_probe/hook.py `_mark_installed`). */
export interface HookMarker {
  pid: number;
  t: number;
  module?: string;
  /** The directories the hook lets this process write to. */
  allowed?: string[];
  /** The home the hook guards (the bait is there). */
  home?: string;
}

/** Something the system-call trace saw a watched process do that its audit hook did not record. */
export interface UnseenAction {
  kind: 'process' | 'network' | 'sensitive-read' | 'write';
  pid: number;
  t: number;
  /** The call and what it was about, as a person reads it: `execve /bin/sh -c curl …`. */
  detail: string;
  /** The module being imported in that process then. */
  module?: string;
}

// What the hook records, at the system-call level: the same list as python/snakepit_probe/paths.py's _SENSITIVE_HOME.
const SENSITIVE_HOME = ['.ssh', '.aws', '.gnupg', '.netrc', '.pypirc', '.git-credentials', '.docker/config.json', '.kube/config', '.config/gh', '.config/gcloud', '.azure', '.local/share/keyrings', '.password-store', '.mozilla/firefox', '.config/google-chrome', '.config/chromium', '.config/BraveSoftware', '.bash_history', '.zsh_history'];
// /etc/passwd is left out: the C library reads it for every user-name lookup (getpass.getuser, ~user), no audit event involved.
const SENSITIVE_ABSOLUTE = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers'];
const HOME_ROOT = /^(\/root|\/home\/[^/]+)\//;
// glibc asks the name service cache daemon first for users and hosts: a connection the package did not ask for.
const HARMLESS_SOCKETS = ['/var/run/nscd/socket', '/run/nscd/socket'];
const WRITE_FLAGS = /\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b/;
/** Where any process may write at the system-call level besides the hook's dirs: devices (shared memory, /dev/null). */
const DEVICES = '/dev';
/** Clock steps between an event's time (Python's time.time(), rounded to µs) and the call's (strace's -ttt). */
const EPSILON_S = 0.001;

interface Fork {
  parent: number;
  child: number;
  t: number;
}

/**
 * Holds the trace against the hook's record. A process is watched from its hook's marker until it runs another
 * program; what it does then must have an event of its own: each process it starts (one event per process start,
 * used once), each connection (a network event the hook let through), each sensitive file it opens (a
 * sensitive-read event for that path) and each write outside the allowed directories (a write event for it).
 * Processes a watched process started are covered by the event that explained their start: what they do is
 * that program's doing, which the hook saw begin. Processes no hook watches (the probe's own parent, an
 * interpreter before its hook is in) are not judged.
 */
export function unseenActions(traceText: string, markers: readonly HookMarker[], events: readonly ProbeEvent[]): UnseenAction[] {
  const calls = parseStrace(traceText);
  const tree = processTree(calls);
  const execs = new Map<number, Syscall[]>();
  for (const call of calls) {
    if ((call.name === 'execve' || call.name === 'execveat') && call.result.startsWith('0')) push(execs, tree.tgid(call.tid), call);
  }
  const markersOf = new Map<number, HookMarker[]>();
  for (const marker of markers) push(markersOf, marker.pid, marker);
  const eventsOf = new Map<number, ProbeEvent[]>();
  for (const event of [...events].sort((a, b) => (a.t ?? 0) - (b.t ?? 0))) if (event.pid !== undefined) push(eventsOf, event.pid, event);

  const watched = (pid: number, t: number): HookMarker | undefined => {
    const marker = (markersOf.get(pid) ?? []).filter((m) => m.t <= t).at(-1);
    if (!marker) return undefined;
    const replaced = (execs.get(pid) ?? []).some((e) => e.t > marker.t && e.t < t);
    return replaced ? undefined : marker;
  };
  const moduleAt = (pid: number, t: number, marker: HookMarker) => (eventsOf.get(pid) ?? []).filter((e) => (e.t ?? 0) <= t && e.module && !e.module.startsWith('<')).at(-1)?.module ?? marker.module;
  const before = (t: number) => (e: ProbeEvent) => e.t !== undefined && e.t <= t + EPSILON_S && e.blocked !== true;

  const unseen: UnseenAction[] = [];
  const report = (kind: UnseenAction['kind'], pid: number, t: number, detail: string, marker: HookMarker) => unseen.push({ kind, pid, t, detail, module: moduleAt(pid, t, marker) });

  // Process starts: one recorded (and allowed) start per fork, in time order.
  const starts = new Map<number, ProbeEvent[]>();
  for (const [pid, list] of eventsOf) starts.set(pid, list.filter((e) => e.kind === 'process' && e.blocked !== true && e.event !== 'os.exec'));
  for (const fork of tree.forks) {
    const marker = watched(fork.parent, fork.t);
    if (!marker) continue;
    const pool = starts.get(fork.parent) ?? [];
    const index = pool.findIndex(before(fork.t));
    if (index >= 0) {
      pool.splice(index, 1);
      continue;
    }
    report('process', fork.parent, fork.t, describeStart(fork.child, tree, execs), marker);
  }

  for (const call of calls) {
    const pid = tree.tgid(call.tid);
    const marker = watched(pid, call.t);
    if (!marker) continue;
    const own = (eventsOf.get(pid) ?? []).filter(before(call.t));
    if (call.name === 'execve' || call.name === 'execveat') {
      if (call.result.startsWith('0') && !own.some((e) => e.event === 'os.exec')) report('process', pid, call.t, `execve ${describeExec(call)}`, marker);
      continue;
    }
    if (/^(connect|sendto|sendmsg|sendmmsg)$/.test(call.name)) {
      const target = peer(call.args);
      if (target && !own.some((e) => e.kind === 'network' && !e.sinkhole)) report('network', pid, call.t, `${call.name} ${target}${call.result.startsWith('-1') ? ` (${call.result.replace(/^-1\s+/, '')})` : ''}`, marker);
      continue;
    }
    const opened = openedPath(call);
    if (!opened) continue;
    if (opened.write) {
      if (!under(opened.path, [...(marker.allowed ?? ['/tmp']), DEVICES]) && !own.some((e) => e.kind === 'write' && e.detail.includes(opened.path))) report('write', pid, call.t, `${call.name} ${opened.path} for writing`, marker);
    } else if (sensitive(opened.path, marker.home ?? '')) {
      if (!own.some((e) => e.kind === 'sensitive-read' && (e.detail === opened.path || under(opened.path, [e.detail])))) report('sensitive-read', pid, call.t, `${call.name} ${opened.path}`, marker);
    }
  }
  return unseen;
}

interface ProcessTree {
  tgid(tid: number): number;
  parent: Map<number, number>;
  forks: Fork[];
}

function processTree(calls: readonly Syscall[]): ProcessTree {
  const groups = new Map<number, number>();
  const tgid = (tid: number) => groups.get(tid) ?? tid;
  const parent = new Map<number, number>();
  const forks: Fork[] = [];
  for (const call of calls) {
    if (!/^(clone|clone3|fork|vfork)$/.test(call.name)) continue;
    const child = returned(call);
    if (child === undefined || child === 0) continue;
    if (/\bCLONE_THREAD\b/.test(call.args)) groups.set(child, tgid(call.tid));
    else {
      parent.set(child, tgid(call.tid));
      forks.push({ parent: tgid(call.tid), child, t: call.t });
    }
  }
  return { tgid, parent, forks };
}

/** What a started process ran: its (or its first descendant's) first program, else that it ran none. */
function describeStart(child: number, tree: ProcessTree, execs: Map<number, Syscall[]>): string {
  const inSubtree = (pid: number) => {
    for (let p: number | undefined = pid; p !== undefined; p = tree.parent.get(p)) if (p === child) return true;
    return false;
  };
  const first = [...execs.entries()].filter(([pid]) => inSubtree(pid)).flatMap(([, list]) => list).sort((a, b) => a.t - b.t)[0];
  return first ? `process started: ${describeExec(first)}` : 'process started (fork, no program run)';
}

function describeExec(call: Syscall): string {
  const strings = quotedStrings(call.args);
  const argv = strings.slice(1);
  return argv.length ? `${strings[0]} (argv: ${argv.join(' ')})` : (strings[0] ?? call.args);
}

/** `127.0.0.1:443`, `[::1]:53`, `unix:/run/x.sock` for an address the call names; undefined for none or a local kind. */
function peer(args: string): string | undefined {
  const family = /sa_family=(AF_\w+)/.exec(args)?.[1];
  const port = /sin6?_port=htons\((\d+)\)/.exec(args)?.[1];
  if (family === 'AF_INET') return `${/inet_addr\("([^"]+)"\)/.exec(args)?.[1] ?? '?'}:${port ?? '?'}`;
  if (family === 'AF_INET6') return `[${/inet_pton\(AF_INET6,\s*"([^"]+)"/.exec(args)?.[1] ?? '?'}]:${port ?? '?'}`;
  if (family === 'AF_UNIX') {
    const socket = /sun_path=(@?)"((?:[^"\\]|\\.)*)"/.exec(args);
    if (!socket) return undefined;
    const where = `${socket[1]}${socket[2]}`;
    return HARMLESS_SOCKETS.includes(where) ? undefined : `unix:${where}`;
  }
  return undefined;
}

function openedPath(call: Syscall): { path: string; write: boolean } | undefined {
  let dir = '/';
  let rest = call.args;
  if (call.name === 'openat' || call.name === 'openat2') {
    const at = /^(?:AT_FDCWD|-?\d+)<([^>]*)>,\s*/.exec(rest);
    if (at) dir = at[1];
    rest = rest.replace(/^[^,]*,\s*/, '');
  } else if (call.name !== 'open' && call.name !== 'creat') return undefined;
  const name = quotedStrings(rest)[0];
  if (name === undefined) return undefined;
  const write = call.name === 'creat' || WRITE_FLAGS.test(rest.replace(/^\s*"(?:[^"\\]|\\.)*"/, ''));
  const got = /^\d+<(.*)>$/.exec(call.result)?.[1];
  return { path: got ?? path.posix.resolve(dir, name), write };
}

function sensitive(file: string, home: string): boolean {
  if (SENSITIVE_ABSOLUTE.some((s) => file === s || file.startsWith(`${s}/`))) return true;
  const roots = [home, HOME_ROOT.exec(file)?.[1]].filter((r): r is string => !!r);
  return roots.some((root) => SENSITIVE_HOME.some((name) => under(file, [path.posix.join(root, name)])));
}

function under(file: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
