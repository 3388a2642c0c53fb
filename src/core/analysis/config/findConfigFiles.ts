import * as fs from 'node:fs';
import * as path from 'node:path';

/** The directory to start from: `start` itself, or its directory when it is a file (or does not exist as a directory). */
function startDirectory(start: string): string {
  const resolved = path.resolve(start);
  try {
    return fs.statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  } catch {
    return path.dirname(resolved);
  }
}

/** The nearest `name` in `start` or a directory above it, up to `stopAt` (inclusive) or the filesystem root. */
export function findUp(name: string, start: string, stopAt?: string): string | undefined {
  let dir = startDirectory(start);
  const stop = stopAt === undefined ? undefined : path.resolve(stopAt);
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) return undefined;
    dir = parent;
  }
}

/** The nearest pyproject.toml at or above `start` (a file or a directory). */
export function findNearestPyproject(start: string): string | undefined {
  return findUp('pyproject.toml', start);
}
