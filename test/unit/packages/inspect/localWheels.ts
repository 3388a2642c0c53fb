import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real wheels from the machine's local package indexes, found the way pip finds them: pip's own
 * configuration (`pip config list` and PIP_* variables) names file:// indexes and find-links dirs.
 * Nothing is hard-coded; on a machine without local indexes every lookup is empty.
 */
function pipLocations(): { indexes: string[]; findLinks: string[] } {
  const indexes: string[] = [];
  const findLinks: string[] = [];
  const result = spawnSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8' });
  const lines = (result.stdout ?? '').split('\n');
  const add = (key: string, value: string) => {
    for (const item of value.split(/\s+/).filter(Boolean)) {
      const local = item.startsWith('file://') ? fileURLToPath(item) : item.startsWith('/') ? item : undefined;
      if (!local) continue;
      if (/index-url$/.test(key)) indexes.push(local);
      else if (/find-links$/.test(key)) findLinks.push(local);
    }
  };
  for (const line of lines) {
    const m = /^[^.]*\.([\w-]+)='(.*)'$/.exec(line.trim());
    if (m) add(m[1], m[2]);
  }
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'PIP_INDEX_URL' || name === 'PIP_EXTRA_INDEX_URL') add('index-url', value ?? '');
    if (name === 'PIP_FIND_LINKS') add('find-links', value ?? '');
  }
  return { indexes: [...new Set(indexes)], findLinks: [...new Set(findLinks)] };
}

const normalize = (name: string) => name.replace(/[-_.]+/g, '-').toLowerCase();

/** The newest-listed wheel of `project` in a local index or find-links dir, or undefined. */
export function localWheel(project: string): string | undefined {
  const { indexes, findLinks } = pipLocations();
  for (const index of indexes) {
    const page = path.join(index, normalize(project), 'index.html');
    if (!fs.existsSync(page)) continue;
    const hrefs = [...fs.readFileSync(page, 'utf8').matchAll(/href="([^"#]+\.whl)(#[^"]*)?"/g)].map((m) => path.resolve(path.dirname(page), decodeURIComponent(m[1])));
    const found = hrefs.filter((h) => fs.existsSync(h)).pop();
    if (found) return found;
  }
  for (const dir of findLinks) {
    if (!fs.existsSync(dir)) continue;
    const prefix = `${normalize(project).replace(/-/g, '_')}-`;
    const found = fs.readdirSync(dir).filter((f) => f.endsWith('.whl') && f.toLowerCase().replace(/-/g, '_').startsWith(prefix.toLowerCase())).pop();
    if (found) return path.join(dir, found);
  }
  return undefined;
}

/** Every wheel linked from the local indexes' project pages (for the bench and the verdict survey). */
export function allLocalWheels(): string[] {
  const wheels = new Set<string>();
  for (const index of pipLocations().indexes) {
    if (!fs.existsSync(index)) continue;
    for (const project of fs.readdirSync(index)) {
      const page = path.join(index, project, 'index.html');
      if (!fs.existsSync(page)) continue;
      for (const m of fs.readFileSync(page, 'utf8').matchAll(/href="([^"#]+\.whl)(#[^"]*)?"/g)) {
        const file = path.resolve(path.dirname(page), decodeURIComponent(m[1]));
        if (fs.existsSync(file)) wheels.add(file);
      }
    }
  }
  return [...wheels].sort();
}
