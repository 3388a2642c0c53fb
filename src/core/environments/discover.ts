import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isolatedEnv, runProcess } from '../packages/target/runProcess';
import { pyvenvVersion, readPyvenvCfg } from './pyvenvCfg';
import { sitePackagesOf, versionFromLib } from './sitePackages';
import type { EnvironmentKind, PythonEnvironment } from './types';

export interface DiscoverOptions {
  /** Directories searched for project environments (`.venv`, `venv`, `env`, and any directory with pyvenv.cfg one level down). */
  roots: string[];
  /** Defaults to process.env: HOME, PATH, WORKON_HOME, PYENV_ROOT, POETRY_VIRTUALENVS_PATH, CONDA_ENVS_FILE. */
  env?: NodeJS.ProcessEnv;
  /** Skip the system interpreters on PATH (they cost one process each to learn their version). */
  skipSystem?: boolean;
}

const PROJECT_DIRS = ['.venv', 'venv', 'env'];
const SKIPPED = new Set(['node_modules', '.git', '__pycache__', '.tox', '.nox']);

const binPython = (prefix: string) => {
  for (const name of process.platform === 'win32' ? ['Scripts/python.exe', 'python.exe'] : ['bin/python', 'bin/python3']) {
    const candidate = path.join(prefix, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
};

function writable(prefix: string): boolean {
  const target = sitePackagesOf(prefix)[0] ?? prefix;
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function listDirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() || d.isSymbolicLink())
      .map((d) => path.join(dir, d.name))
      .sort();
  } catch {
    return [];
  }
}

/** A prefix with an interpreter, as an environment; undefined when it holds no Python. */
function fromPrefix(prefix: string, kind: EnvironmentKind, name: string): PythonEnvironment | undefined {
  const python = binPython(prefix);
  if (!python) return undefined;
  const cfg = readPyvenvCfg(prefix);
  const version = (cfg && pyvenvVersion(cfg)) || (kind === 'pyenv' ? path.basename(prefix) : versionFromLib(prefix));
  return { name, kind, prefix: path.resolve(prefix), python, version, isVirtualEnv: cfg !== undefined, writable: writable(prefix) };
}

function projectEnvironments(root: string): PythonEnvironment[] {
  const found: PythonEnvironment[] = [];
  const consider = (dir: string) => {
    if (!readPyvenvCfg(dir) && !PROJECT_DIRS.includes(path.basename(dir))) return;
    const env = fromPrefix(dir, 'workspace', path.relative(root, dir) || path.basename(dir));
    if (env) found.push(env);
  };
  consider(root);
  for (const child of listDirs(root)) {
    if (SKIPPED.has(path.basename(child))) continue;
    consider(child);
    // One level further for monorepos (`service/.venv`).
    for (const grandchild of listDirs(child)) if (PROJECT_DIRS.includes(path.basename(grandchild)) || readPyvenvCfg(grandchild)) consider(grandchild);
  }
  return found;
}

function pyenvEnvironments(pyenvRoot: string): PythonEnvironment[] {
  const found: PythonEnvironment[] = [];
  for (const dir of listDirs(path.join(pyenvRoot, 'versions'))) {
    const name = path.basename(dir);
    const isVenv = readPyvenvCfg(dir) !== undefined;
    const env = fromPrefix(dir, isVenv ? 'pyenv-virtualenv' : 'pyenv', `pyenv:${name}`);
    if (env) found.push(env);
    // pyenv-virtualenv keeps its venvs under the version they were made from.
    for (const venv of listDirs(path.join(dir, 'envs'))) {
      const inner = fromPrefix(venv, 'pyenv-virtualenv', `pyenv:${name}/envs/${path.basename(venv)}`);
      if (inner) found.push(inner);
    }
  }
  return found;
}

function condaEnvironments(envsFile: string): PythonEnvironment[] {
  let text: string;
  try {
    text = fs.readFileSync(envsFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .flatMap((prefix) => fromPrefix(prefix, 'conda', `conda:${path.basename(prefix)}`) ?? []);
}

function venvsUnder(dir: string, kind: EnvironmentKind, label: string): PythonEnvironment[] {
  return listDirs(dir).flatMap((prefix) => (readPyvenvCfg(prefix) ? (fromPrefix(prefix, kind, `${label}:${path.basename(prefix)}`) ?? []) : []));
}

const PROBE = 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.prefix); print(sys.prefix != sys.base_prefix)';

async function systemInterpreters(pathVar: string): Promise<PythonEnvironment[]> {
  const candidates = new Map<string, string>();
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    // pyenv shims are shell scripts that pick a version: the versions themselves are found above.
    if (path.basename(dir) === 'shims') continue;
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /^python(\d+(\.\d+)?)?$/.test(n)).sort()) {
      const full = path.join(dir, name);
      let real: string;
      try {
        real = fs.realpathSync(full);
        fs.accessSync(real, fs.constants.X_OK);
      } catch {
        continue;
      }
      if (!candidates.has(real)) candidates.set(real, full);
    }
  }
  const probed = await Promise.all(
    [...candidates.values()].map(async (python) => {
      const result = await runProcess(python, ['-I', '-S', '-c', PROBE], { env: isolatedEnv(), timeoutMs: 15_000 }).catch(() => undefined);
      if (!result || result.exitCode !== 0) return undefined;
      const [version, prefix, venv] = result.stdout.trim().split('\n');
      // A venv's bin on PATH is an activated venv: found by its own kind when it lies in a searched place.
      if (venv === 'True') return undefined;
      const env: PythonEnvironment = { name: `system:${path.basename(python)}`, kind: 'system', prefix, python, version, isVirtualEnv: false, writable: writable(prefix) };
      return env;
    }),
  );
  return probed.filter((e): e is PythonEnvironment => e !== undefined);
}

/**
 * Every Python environment Snakepit can see from here: project venvs under the roots, virtualenvwrapper's
 * $WORKON_HOME, pyenv versions and pyenv-virtualenvs, conda envs listed in ~/.conda/environments.txt,
 * Poetry's and Pipenv's central venv directories, uv's managed interpreters, and the interpreters on PATH.
 * One entry per prefix (the first place that finds it names it), names made unique.
 */
export async function discoverEnvironments(options: DiscoverOptions): Promise<PythonEnvironment[]> {
  const env = options.env ?? process.env;
  const home = env.HOME || os.homedir();
  const dataHome = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const cacheHome = env.XDG_CACHE_HOME || path.join(home, '.cache');
  const found: PythonEnvironment[] = [
    ...options.roots.flatMap((root) => projectEnvironments(path.resolve(root))),
    ...venvsUnder(env.WORKON_HOME || path.join(home, '.virtualenvs'), 'virtualenvwrapper', 'workon'),
    ...pyenvEnvironments(env.PYENV_ROOT || path.join(home, '.pyenv')),
    ...condaEnvironments(env.CONDA_ENVS_FILE || path.join(home, '.conda', 'environments.txt')),
    ...venvsUnder(env.POETRY_VIRTUALENVS_PATH || path.join(cacheHome, 'pypoetry', 'virtualenvs'), 'poetry', 'poetry'),
    ...venvsUnder(path.join(dataHome, 'virtualenvs'), 'pipenv', 'pipenv'),
    ...listDirs(env.UV_PYTHON_INSTALL_DIR || path.join(dataHome, 'uv', 'python')).flatMap((prefix) => fromPrefix(prefix, 'uv-python', `uv:${path.basename(prefix)}`) ?? []),
    ...(options.skipSystem ? [] : await systemInterpreters(env.PATH ?? '')),
  ];
  const seen = new Set<string>();
  const names = new Map<string, number>();
  const unique: PythonEnvironment[] = [];
  for (const candidate of found) {
    let real: string;
    try {
      real = fs.realpathSync(candidate.kind === 'system' ? candidate.python : candidate.prefix);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const count = names.get(candidate.name) ?? 0;
    names.set(candidate.name, count + 1);
    unique.push(count === 0 ? candidate : { ...candidate, name: `${candidate.name}#${count + 1}` });
  }
  return unique;
}
