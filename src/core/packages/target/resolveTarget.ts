import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv, runProcess } from './runProcess';

/** The Python environment validated packages are installed into. */
export interface TargetEnvironment {
  /** The interpreter, as given or found (not resolved through symlinks: a venv's python is a link). */
  python: string;
  /** `sys.prefix`: the venv directory for a virtual environment. */
  prefix: string;
  /** purelib and platlib (one entry when they coincide). */
  sitePackages: string[];
  /** Where pip puts console scripts (`bin`, `Scripts`). */
  scriptsDir: string;
  /** Where pip puts headers (`include`). */
  includeDir: string;
  isVirtualEnv: boolean;
  /** `3.11.7` */
  version: string;
  /** True when `pip` is importable in the target. */
  hasPip: boolean;
}

export interface TargetChoice {
  /** Explicit interpreter (CLI `--python`, VS Code: the Python extension's selection). A venv directory is accepted too. */
  python?: string;
  workspaceFolder?: string;
  /** Setting `snakepit.python.interpreter`. */
  configured?: string;
  /** Allow an interpreter that is not a virtual environment. */
  allowSystem?: boolean;
}

/**
 * Stdlib only, with `-S` so not even the environment's `.pth` files run: no package code runs. Without
 * site, a venv's prefix is applied here the way site.py would (site.venv reads pyvenv.cfg, nothing else).
 */
const PROBE = `import json, os, site, sys
if sys.prefix == sys.base_prefix and hasattr(site, "venv"):
    site.venv(None)
import sysconfig
p = sysconfig.get_paths()
print(json.dumps({"prefix": sys.prefix, "base_prefix": sys.base_prefix, "version": "%d.%d.%d" % sys.version_info[:3],
  "purelib": p["purelib"], "platlib": p["platlib"], "scripts": p["scripts"], "include": p.get("include", ""),
  "has_pip": any(os.path.isfile(os.path.join(d, "pip", "__init__.py")) for d in (p["purelib"], p["platlib"]))}))`;

interface Probe {
  prefix: string;
  base_prefix: string;
  version: string;
  purelib: string;
  platlib: string;
  scripts: string;
  include: string;
  has_pip: boolean;
}

const venvPython = (dir: string) => (process.platform === 'win32' ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python'));

/**
 * Picks the target: explicit python → configured setting → `<workspace>/.venv`. An explicit or
 * configured choice that does not work is an error (never silently replaced by the next candidate).
 */
export async function resolveTarget(choice: TargetChoice): Promise<TargetEnvironment> {
  const tried: string[] = [];
  let python: string | undefined;
  for (const [value, label] of [
    [choice.python, '--python'],
    [choice.configured, 'setting snakepit.python.interpreter'],
  ] as const) {
    if (!value) {
      tried.push(`no ${label}`);
      continue;
    }
    const candidate = fs.existsSync(value) && fs.statSync(value).isDirectory() ? venvPython(value) : value;
    if (!fs.existsSync(candidate)) throw new Error(`${label} ${value}: ${candidate} does not exist; give the path of a Python interpreter or of a virtual environment`);
    python = candidate;
    break;
  }
  if (!python && choice.workspaceFolder) {
    const candidate = venvPython(path.join(choice.workspaceFolder, '.venv'));
    if (fs.existsSync(candidate)) python = candidate;
    else tried.push(`no ${candidate}`);
  }
  if (!python) {
    throw new Error(
      `no target Python environment to install into (${tried.join('; ')}${choice.workspaceFolder ? '' : '; no workspace folder'}). ` +
        'Create one with `python3 -m venv .venv` in the workspace, or pass --python PATH, or set snakepit.python.interpreter.',
    );
  }
  return probeTarget(path.resolve(python), choice.allowSystem ?? false);
}

export async function probeTarget(python: string, allowSystem: boolean): Promise<TargetEnvironment> {
  const result = await runProcess(python, ['-I', '-S', '-B', '-c', PROBE], { env: isolatedEnv(), timeoutMs: 30_000 });
  if (result.exitCode !== 0) {
    throw new Error(`${python} did not run as a Python interpreter (${result.timedOut ? 'timed out' : `exit ${result.exitCode}`}): ${lastLine(result.stderr || result.stdout)}`);
  }
  let probe: Probe;
  try {
    probe = JSON.parse(result.stdout) as Probe;
  } catch {
    throw new Error(`${python} printed something unexpected instead of its paths: ${lastLine(result.stdout)}`);
  }
  const isVirtualEnv = path.resolve(probe.prefix) !== path.resolve(probe.base_prefix);
  if (!isVirtualEnv && !allowSystem) {
    throw new Error(
      `${python} is not a virtual environment (sys.prefix is the interpreter's own ${probe.prefix}). Installing into a system Python ` +
        'can break the tools that depend on it, which is why pip itself discourages it (PEP 668, "externally managed" environments). ' +
        'Create a virtual environment (`python3 -m venv .venv`) and select it, or allow system installs explicitly.',
    );
  }
  const sitePackages = [...new Set([probe.purelib, probe.platlib].map((p) => path.resolve(p)))];
  return {
    python,
    prefix: path.resolve(probe.prefix),
    sitePackages,
    scriptsDir: path.resolve(probe.scripts),
    includeDir: probe.include ? path.resolve(probe.include) : path.join(probe.prefix, 'include'),
    isVirtualEnv,
    version: probe.version,
    hasPip: probe.has_pip,
  };
}

export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() || '(no output)';
}
