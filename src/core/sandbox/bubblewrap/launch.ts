import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The host command that starts bwrap with `options` and runs `argv` inside.
 *
 * bwrap's parent stays in the sandbox as its pid 1, and any process there can read /proc/1/cmdline and
 * /proc/1/environ: given on the command line, the options would show every host path bwrap binds (the
 * user's home in the interpreter's and the workspace's paths, the sandbox directory) and the launcher's
 * PATH. So the options go into a file in the sandbox's own host directory (hidden from every sandbox),
 * which a small sh opens on fd 3 before it execs `bwrap --args 3 -- COMMAND…` with PATH and PWD unset;
 * bwrap reads and closes the fd before the command starts. The file is named by its content: commands
 * with the same options (most of a sandbox's) share it, and nothing has to delete it on the command's
 * path (an `rm` would cost a process start per command).
 *
 * Descriptors this process inherited without close-on-exec (from an editor, a CI runner, a shell) would
 * pass through bwrap into the sandbox: the same sh closes them first. A seccomp program (seccomp.ts) goes
 * in on fd 4 the same way.
 */
export function launchArgv(options: readonly string[], argv: readonly string[], filesDir: string, seccompFile?: string): string[] {
  const file = optionsFile(seccompFile ? [...options, '--seccomp', '4'] : options, filesDir);
  const bwrap = bwrapExecutable();
  const leaked = inheritedDescriptors().filter((fd) => fd !== 3 && fd !== 4);
  // dash and other plain shells only take one-digit descriptors in redirections; bash takes any. Our stdio are
  // socket pairs, which bash takes for a remote shell daemon's and then reads ~/.bashrc, unless --norc.
  const bash = leaked.some((fd) => fd > 9) ? onPath('bash') : undefined;
  const shell = bash ? [bash, '--norc', '--noprofile'] : ['sh'];
  const closable = bash ? leaked : leaked.filter((fd) => fd <= 9);
  const close = closable.length ? `exec ${closable.map((fd) => `${fd}>&-`).join(' ')}; ` : '';
  const open = seccompFile ? 'exec 3<"$1" 4<"$2" || exit 125; shift' : 'exec 3<"$1" || exit 125';
  // With bwrap found by absolute path nothing after this needs PATH.
  // bash exports SHLVL into what it execs unless the environment is emptied (`exec -c`).
  const unset = path.isAbsolute(bwrap) ? (bash ? '' : 'unset PATH PWD OLDPWD; ') : 'unset PWD OLDPWD; ';
  const exec = bash && path.isAbsolute(bwrap) ? 'exec -c' : 'exec';
  return [...shell, '-c', `${close}${open}; shift; ${unset}${exec} "$0" --args 3 "$@"`, bwrap, file, ...(seccompFile ? [seccompFile] : []), '--', ...argv];
}

const OPTIONS_FILE = /^args-[0-9a-f]{32}$/;
/** More option files than this in one sandbox, and those unused for STALE_MS are removed (a terminal relaunched later still finds its own). */
const KEEP_FILES = 64;
const STALE_MS = 24 * 3600_000;
const TOUCH_MS = 60_000;

/** `<filesDir>/args-<sha256 of the options>`, written once (atomically) and touched when reused. */
function optionsFile(options: readonly string[], filesDir: string): string {
  const content = options.map((option) => `${option}\0`).join('');
  const file = path.join(filesDir, `args-${createHash('sha256').update(content).digest('hex').slice(0, 32)}`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    // Not written yet.
  }
  const now = Date.now();
  if (stat) {
    if (now - stat.mtimeMs > TOUCH_MS) fs.utimesSync(file, now / 1000, now / 1000);
    return file;
  }
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  fs.renameSync(temporary, file);
  pruneOptionFiles(filesDir, now);
  return file;
}

/** Option files of old commands (an environment that changed, a finished debug session's mounts), when there are many. */
function pruneOptionFiles(filesDir: string, now: number): void {
  const names = fs.readdirSync(filesDir).filter((name) => OPTIONS_FILE.test(name));
  if (names.length <= KEEP_FILES) return;
  for (const name of names) {
    const file = path.join(filesDir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

const O_CLOEXEC = 0o2000000;

let inherited: number[] | undefined;

/**
 * This process's descriptors above stderr without close-on-exec: a child inherits them (Linux /proc; none elsewhere).
 * Looked up once: they come with the process (Node opens its own with close-on-exec), and an editor's extension
 * host may hold hundreds of descriptors.
 */
export function inheritedDescriptors(): number[] {
  inherited ??= findInheritedDescriptors();
  return inherited;
}

function findInheritedDescriptors(): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc/self/fd');
  } catch {
    return [];
  }
  const open: number[] = [];
  for (const entry of entries) {
    const fd = Number(entry);
    if (!Number.isInteger(fd) || fd <= 2) continue;
    try {
      const flags = /^flags:\s*([0-7]+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
      if (flags && (parseInt(flags[1], 8) & O_CLOEXEC) === 0) open.push(fd);
    } catch {
      // Closed meanwhile (the directory listing's own descriptor, for one).
    }
  }
  return open.sort((a, b) => a - b);
}

const resolved = new Map<string, string | undefined>();

/** bwrap's absolute path on the launcher's PATH (as `bwrap` resolves in the availability check), else `bwrap`. */
export function bwrapExecutable(): string {
  return onPath('bwrap') ?? 'bwrap';
}

/** The absolute path of an executable on this process's PATH (remembered once found). */
function onPath(name: string): string | undefined {
  if (resolved.get(name)) return resolved.get(name);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        resolved.set(name, candidate);
        return candidate;
      }
    } catch {
      // Not here.
    }
  }
  return undefined;
}
