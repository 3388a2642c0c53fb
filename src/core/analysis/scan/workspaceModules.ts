import * as fs from 'node:fs';
import * as path from 'node:path';

/** Top-level importable names of a project: modules and packages at its root and under src/. */
export function workspaceModules(root: string): string[] {
  const names = new Set<string>();
  for (const dir of [root, path.join(root, 'src')]) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('.py')) names.add(entry.name.slice(0, -3));
      else if (entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, '__init__.py'))) names.add(entry.name);
    }
  }
  return [...names].sort();
}
