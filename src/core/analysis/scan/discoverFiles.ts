import * as fs from 'node:fs';
import * as path from 'node:path';
import { isExcluded, type AnalysisConfig } from '../config';

const PYTHON_FILE = /\.pyw?$/;

export interface DiscoveredFiles {
  files: string[];
  /** Paths named on the command line that do not exist or cannot be listed, with the reason. */
  missing: Array<{ path: string; error: string }>;
}

/**
 * The Python files under `paths`: directories are walked (exclude globs pruned,
 * symlinked directories not followed), files named explicitly are always kept.
 */
export function discoverFiles(paths: readonly string[], config: AnalysisConfig): DiscoveredFiles {
  const files: string[] = [];
  const missing: DiscoveredFiles['missing'] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      missing.push({ path: dir, error: `cannot be listed: ${(error as NodeJS.ErrnoException).code}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (isExcluded(config, full)) continue;
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && PYTHON_FILE.test(entry.name)) files.push(full);
    }
  };
  for (const given of paths) {
    const full = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      missing.push({ path: given, error: 'no such file or directory' });
      continue;
    }
    if (stat.isDirectory()) visit(full);
    else files.push(full);
  }
  return { files, missing };
}
