import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseToml } from '../analysis/config/toml';

const NAMED = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/;
const DIST_FILE = /\.(whl|tar\.gz|zip|tar\.bz2|tgz)$/i;

/**
 * A positional requirement that is a local path (`.`, `./dist/x-1.0-py3-none-any.whl`, `../lib`) as the gate
 * takes it: `name @ file:///abs`. The name comes from the file name (wheels, sdists) or the project's
 * metadata (`pyproject.toml` [project].name, `setup.cfg` [metadata] name). Anything else is returned as written.
 */
export function asGateSpec(spec: string, cwd: string): string {
  if (NAMED.test(spec) || /^[a-z+]+:\/\//i.test(spec)) return spec;
  const looksLikePath = spec.startsWith('.') || spec.startsWith('/') || spec.includes(path.sep) || DIST_FILE.test(spec);
  const absolute = path.resolve(cwd, spec);
  if (!looksLikePath || !fs.existsSync(absolute)) return spec;
  const name = fs.statSync(absolute).isDirectory() ? projectName(absolute) : distFileName(path.basename(absolute));
  return `${name} @ ${pathToFileURL(absolute).href}`;
}

function distFileName(file: string): string {
  if (file.endsWith('.whl')) return file.split('-')[0];
  const stem = file.replace(DIST_FILE, '');
  const dash = stem.lastIndexOf('-');
  if (dash <= 0) throw new Error(`${file}: cannot tell the project name from the file name (name-version${file.slice(stem.length)})`);
  return stem.slice(0, dash);
}

/** The project's name from its metadata files, read as text: nothing of the project runs. */
export function projectName(dir: string): string {
  const pyproject = path.join(dir, 'pyproject.toml');
  if (fs.existsSync(pyproject)) {
    const project = parseToml(fs.readFileSync(pyproject, 'utf8')).project as { name?: unknown } | undefined;
    if (typeof project?.name === 'string') return project.name;
  }
  const setupCfg = path.join(dir, 'setup.cfg');
  if (fs.existsSync(setupCfg)) {
    const match = /^\[metadata\][^[]*?^name\s*=\s*(\S+)/m.exec(fs.readFileSync(setupCfg, 'utf8'));
    if (match) return match[1];
  }
  const setupPy = path.join(dir, 'setup.py');
  if (fs.existsSync(setupPy)) {
    const match = /\bname\s*=\s*['"]([A-Za-z0-9._-]+)['"]/.exec(fs.readFileSync(setupPy, 'utf8'));
    if (match) return match[1];
  }
  throw new Error(`${dir}: no project name in pyproject.toml ([project] name), setup.cfg ([metadata] name) or setup.py; write the requirement as \`NAME @ ${pathToFileURL(dir).href}\``);
}
