import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package indexes on this machine's disk, from pip's own configuration: usable by a sandbox without a network. */
export interface LocalIndex {
  /** `--index-url` / `--extra-index-url` values that are file: URLs. */
  indexUrls: string[];
  /** `--find-links` directories. */
  findLinks: string[];
  /** Host directories a sandbox must see (read-only, at the same path) for those to resolve. */
  directories: string[];
}

const KEYS = ['index-url', 'extra-index-url', 'find-links'] as const;

/** Reads pip's configuration files and PIP_* variables the way pip does (later files and the environment win per key). */
export function findLocalIndex(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): LocalIndex {
  const values = new Map<string, string>();
  for (const file of pipConfigFiles(env, home)) {
    for (const [key, value] of readPipConfig(file)) values.set(key, value);
  }
  for (const key of KEYS) {
    const fromEnv = env[`PIP_${key.toUpperCase().replace(/-/g, '_')}`];
    if (fromEnv) values.set(key, fromEnv);
  }
  const split = (key: string) => (values.get(key) ?? '').split(/\s+/).filter(Boolean);
  const indexUrls = [...split('index-url'), ...split('extra-index-url')].filter((url) => url.startsWith('file:') && fs.existsSync(fileURLToPath(url)));
  const findLinks = split('find-links')
    .map((entry) => (entry.startsWith('file:') ? fileURLToPath(entry) : entry))
    .filter((dir) => path.isAbsolute(dir) && fs.existsSync(dir));
  // A simple index links to its files relative to itself (../../files/…): the index's parent holds both.
  const directories = [...new Set([...indexUrls.map((url) => path.dirname(fileURLToPath(url))), ...findLinks])];
  return { indexUrls, findLinks, directories };
}

function pipConfigFiles(env: NodeJS.ProcessEnv, home: string): string[] {
  if (env.PIP_CONFIG_FILE === 'os.devnull' || env.PIP_CONFIG_FILE === '/dev/null') return [];
  const xdgDirs = (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':').filter(Boolean);
  const files = [
    ...xdgDirs.map((dir) => path.join(dir, 'pip', 'pip.conf')),
    '/etc/pip.conf',
    path.join(home, '.pip', 'pip.conf'),
    path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'pip', 'pip.conf'),
    ...(env.VIRTUAL_ENV ? [path.join(env.VIRTUAL_ENV, 'pip.conf')] : []),
    ...(env.PIP_CONFIG_FILE ? [env.PIP_CONFIG_FILE] : []),
  ];
  return files.filter((file) => fs.existsSync(file));
}

/** `[global]` and `[install]` keys of one INI file (continuation lines joined). */
function readPipConfig(file: string): [string, string][] {
  const entries: [string, string][] = [];
  let section = '';
  let last: [string, string] | undefined;
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1].trim();
      last = undefined;
      continue;
    }
    if (/^\s/.test(raw) && last) {
      last[1] = `${last[1]} ${raw.trim()}`;
      continue;
    }
    const match = /^([^=:]+)[=:](.*)$/.exec(raw);
    if (!match || (section !== 'global' && section !== 'install')) continue;
    last = [match[1].trim(), match[2].trim()];
    if ((KEYS as readonly string[]).includes(last[0])) entries.push(last);
  }
  return entries;
}

/** pip arguments that install from these indexes only: no network is ever tried. */
export function localIndexPipArgs(index: LocalIndex): string[] {
  const args = ['--retries', '0', '--disable-pip-version-check'];
  if (index.indexUrls.length === 0) args.push('--no-index');
  else {
    args.push('--index-url', index.indexUrls[0]);
    for (const url of index.indexUrls.slice(1)) args.push('--extra-index-url', url);
  }
  for (const dir of index.findLinks) args.push('--find-links', dir);
  return args;
}
