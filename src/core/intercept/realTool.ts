import * as fs from 'node:fs';
import * as path from 'node:path';

/** A shim directory holds this file; a PATH search for the real tool skips every directory that has it (no recursion, whichever copy of the shims). */
export const SHIM_MARKER = '.snakepit-shims';

export function isShimDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, SHIM_MARKER));
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The tool the shims stand in front of: the first `name` on PATH outside any shim directory. A path
 * (`./venv/bin/pip`) is taken as it is. Undefined when PATH has none (the shell would say "command not found").
 */
export function findRealTool(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  if (name.includes('/')) return executable(name) ? path.resolve(name) : undefined;
  for (const entry of searchPath.split(path.delimiter)) {
    const dir = entry || '.';
    if (isShimDir(dir)) continue;
    const candidate = path.join(dir, name);
    if (executable(candidate)) return path.resolve(candidate);
  }
  return undefined;
}

/**
 * PATH for the gate's own work: no shim directories (its `python3` must not come back here) and not the
 * bin/ of an activated virtual environment (the bubblewrap and venv engines take `python3` from PATH and
 * need the interpreter itself, not a venv's link to it).
 */
export function gateSearchPath(env: NodeJS.ProcessEnv): string {
  const venvBin = env.VIRTUAL_ENV ? path.resolve(env.VIRTUAL_ENV, 'bin') : undefined;
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter((entry) => !isShimDir(entry || '.') && (!venvBin || path.resolve(entry || '.') !== venvBin))
    .join(path.delimiter);
}
