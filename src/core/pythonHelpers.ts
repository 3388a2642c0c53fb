import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository's `python/` directory (scripts that run INSIDE a sandbox: the import
 * probe with its audit hook, the pdb bridge, the profiler). Found next to the bundle
 * (extension: <ext>/dist/../python) or from the sources (tests, tsx).
 */
export function findPythonHelpersDir(start: string = __dirname): string {
  for (let dir = start, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'python');
    if (fs.existsSync(path.join(candidate, 'README.md'))) return candidate;
  }
  throw new Error(`Snakepit's python/ helpers were not found above ${start}; reinstall the extension or run from the repository`);
}
