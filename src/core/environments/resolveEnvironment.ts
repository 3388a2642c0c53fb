import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverEnvironments, type DiscoverOptions } from './discover';
import { pyvenvVersion, readPyvenvCfg } from './pyvenvCfg';
import { sitePackagesOf, versionFromLib } from './sitePackages';
import type { PythonEnvironment } from './types';

/** The user named an environment that cannot be found; the message says what to do. */
export class EnvironmentNotFoundError extends Error {}

const venvPython = (prefix: string) => path.join(prefix, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

/** An environment given by its directory or its interpreter's path, as the user wrote it. It need not exist yet (load recreates it). */
export function environmentAt(given: string): PythonEnvironment {
  const full = path.resolve(given);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  // `.venv/bin/python` → `.venv`
  const prefix = stat?.isFile() ? path.dirname(path.dirname(full)) : full;
  const cfg = readPyvenvCfg(prefix);
  let writable = false;
  try {
    fs.accessSync(sitePackagesOf(prefix)[0] ?? (fs.existsSync(prefix) ? prefix : path.dirname(prefix)), fs.constants.W_OK);
    writable = true;
  } catch {
    // Not writable.
  }
  return {
    name: path.basename(prefix),
    kind: 'workspace',
    prefix,
    python: stat?.isFile() ? full : venvPython(prefix),
    version: (cfg && pyvenvVersion(cfg)) || versionFromLib(prefix),
    isVirtualEnv: cfg !== undefined || !stat,
    writable,
  };
}

/**
 * The environment a command is about: a path (directory or interpreter), else a name from discovery;
 * with nothing given, the first project environment under the roots (`.venv` first).
 */
export async function resolveEnvironment(given: string | undefined, options: DiscoverOptions): Promise<PythonEnvironment> {
  if (given && (given.includes(path.sep) || given.startsWith('.') || fs.existsSync(given)) && !given.includes(':')) {
    if (!fs.existsSync(given)) throw new EnvironmentNotFoundError(`${given} does not exist; give the directory of a virtual environment, its interpreter, or a name from \`snakepit env ls\``);
    const env = environmentAt(given);
    if (!fs.existsSync(env.python)) throw new EnvironmentNotFoundError(`${given} holds no Python interpreter (looked for ${env.python}); give a virtual environment's directory or an interpreter`);
    return env;
  }
  const all = await discoverEnvironments({ ...options, skipSystem: options.skipSystem ?? !(given ?? '').startsWith('system:') });
  if (!given) {
    const workspace = all.filter((e) => e.kind === 'workspace').sort((a, b) => Number(b.name === '.venv') - Number(a.name === '.venv'));
    if (workspace.length === 0) throw new EnvironmentNotFoundError(`no project environment under ${options.roots.join(', ')}; create one with \`python3 -m venv .venv\`, or name one from \`snakepit env ls\``);
    return workspace[0];
  }
  const found = all.find((e) => e.name === given) ?? all.find((e) => e.prefix === path.resolve(given));
  if (!found) throw new EnvironmentNotFoundError(`no environment named ${given}; \`snakepit env ls\` lists the names (${all.slice(0, 6).map((e) => e.name).join(', ')}${all.length > 6 ? ', …' : ''})`);
  return found;
}
