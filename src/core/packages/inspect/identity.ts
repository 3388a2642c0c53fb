import * as path from 'node:path';
import { parseToml } from '../../analysis/config/toml';
import type { DistContents } from './archive/distFiles';
import { fileText, type DistLayout } from './metadata';

/** Name and version: from the metadata, else pyproject.toml (directories), else the file name. */
export function distributionIdentity(file: string, contents: DistContents, layout: DistLayout): { name: string; version: string } {
  if (layout.metadata?.name) return { name: layout.metadata.name, version: layout.metadata.version };
  if (contents.kind === 'dir') {
    const pyproject = fileText(contents.files.find((f) => f.path === 'pyproject.toml'));
    if (pyproject !== undefined) {
      try {
        const project = parseToml(pyproject).project as { name?: unknown; version?: unknown } | undefined;
        if (typeof project?.name === 'string') return { name: project.name, version: typeof project.version === 'string' ? project.version : '' };
      } catch {
        // An unreadable pyproject.toml leaves the directory name.
      }
    }
    return { name: path.basename(path.resolve(file)), version: '' };
  }
  const base = path.basename(file);
  if (contents.kind === 'wheel') {
    const [name = '', version = ''] = base.replace(/\.whl$/i, '').split('-');
    return { name, version };
  }
  const stem = base.replace(/\.(tar\.gz|tgz|tar|zip|egg)$/i, '');
  const dash = stem.lastIndexOf('-');
  return dash > 0 ? { name: stem.slice(0, dash), version: stem.slice(dash + 1) } : { name: stem, version: '' };
}
