import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The host command that starts bwrap with `options` and runs `argv` inside.
 *
 * bwrap's parent stays in the sandbox as its pid 1, and any process there can read /proc/1/cmdline and
 * /proc/1/environ: given on the command line, the options would show every host path bwrap binds (the
 * user's home in the interpreter's and the workspace's paths, the sandbox directory) and the launcher's
 * PATH. So the options go into a file that a small sh opens on fd 3 and deletes before it execs
 * `bwrap --args 3 -- COMMAND…` with PATH and PWD unset; bwrap reads and closes the fd before the command
 * starts. `reusable` keeps one file per sandbox for terminals, which VS Code may start again later.
 */
export function launchArgv(options: readonly string[], argv: readonly string[], filesDir: string, reusable = false): string[] {
  const file = path.join(filesDir, reusable ? 'terminal.args' : `args-${process.pid}-${randomBytes(6).toString('hex')}`);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, options.map((option) => `${option}\0`).join(''), { mode: 0o600 });
  fs.renameSync(temporary, file);
  const bwrap = bwrapExecutable();
  const open = 'exec 3<"$1" || exit 125';
  const remove = reusable ? '' : 'rm -f -- "$1"; ';
  // With bwrap found by absolute path nothing after this needs PATH.
  const unset = path.isAbsolute(bwrap) ? 'unset PATH PWD OLDPWD; ' : 'unset PWD OLDPWD; ';
  return ['sh', '-c', `${open}; ${remove}shift; ${unset}exec "$0" --args 3 "$@"`, bwrap, file, '--', ...argv];
}

let resolved: string | undefined;

/** bwrap's absolute path on the launcher's PATH (as `bwrap` resolves in the availability check), else `bwrap`. */
export function bwrapExecutable(): string {
  if (resolved) return resolved;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, 'bwrap');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return (resolved = candidate);
    } catch {
      // Not here.
    }
  }
  return 'bwrap';
}
