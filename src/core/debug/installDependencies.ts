import * as path from 'node:path';
import type { MissingDependency, ProvidedWheel } from '../environments/sandboxDependencies';
import type { EngineTraits, ExecOptions, ExecResult, Mount } from '../sandbox/engine';

/** Where the workspace's cached wheels appear (read-only, one directory per wheel) inside a sandbox. */
export const WHEELS_IN_SANDBOX = '/tmp/snakepit-wheels';

const INSTALL_TIMEOUT_MS = 300_000;
const SAME_PYTHON = "give the sandbox the workspace environment's Python version (sandbox.image)";

export interface WheelPlacement {
  /** Read-only mounts of the wheels' cache entries ([] when the sandbox runs on host files). */
  mounts: Mount[];
  /** Each wheel's path as the sandbox sees it, in the order given. */
  paths: string[];
}

/**
 * Each wheel's artifact-cache entry mounted read-only on its own (the entry directory holds the wheel under its real
 * file name, which pip needs): nothing is copied, and the cache's files stay the only copy.
 */
export function placeWheels(wheels: ProvidedWheel[], hostFiles: EngineTraits['hostFiles']): WheelPlacement {
  if (hostFiles === 'shared') return { mounts: [], paths: wheels.map((w) => w.path) };
  return {
    mounts: wheels.map((w) => ({ hostPath: path.dirname(w.path), sandboxPath: `${WHEELS_IN_SANDBOX}/${w.sha256}`, readOnly: true })),
    paths: wheels.map((w) => `${WHEELS_IN_SANDBOX}/${w.sha256}/${w.filename}`),
  };
}

export type RunInSandbox = (argv: readonly string[], options: ExecOptions) => Promise<ExecResult>;

export interface InstallTarget {
  workDir: string;
  /** False for containers: their commands run the image's python3, so the venv is made here (see installWheels). */
  venvAtCreate: boolean;
  run: RunInSandbox;
}

export interface InstallOutcome {
  installed: ProvidedWheel[];
  /** Wheels pip refused (another Python version or platform, a broken file), with pip's reason. */
  failed: MissingDependency[];
}

/** pip with nothing but the given files: no index, no dependency resolution, no configuration that could name one. */
export function pipInstallArgv(python: string, wheelPaths: string[]): string[] {
  return [python, '-m', 'pip', 'install', '--no-index', '--no-deps', '--no-input', '--disable-pip-version-check', '--no-cache-dir', '--no-compile', ...wheelPaths];
}

const PIP_ENV = { PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1' };

/** The interpreter of the venv the wheels go into, or why there is none. */
export type SandboxVenv = { python: string } | { problem: string; fix: string };

/**
 * The sandbox's `<workDir>/.venv`. Host-dir engines made it at create; a container gets one here, with
 * `--system-site-packages`: it is first on the container's PATH, so the adapter and the program run in it and still
 * import the image's own packages (its debugpy, its pip), while the wheels land apart from the image.
 */
export async function sandboxVenv(target: InstallTarget): Promise<SandboxVenv> {
  const venv = path.posix.join(target.workDir, '.venv');
  if (!target.venvAtCreate) {
    const made = await target.run(['python3', '-m', 'venv', '--without-pip', '--system-site-packages', venv], { timeoutMs: 120_000 });
    if (made.exitCode !== 0) return { problem: `the sandbox could not make a venv for it (${made.reason ?? `exit code ${made.exitCode}`}: ${lastLine(made.stderr)})`, fix: 'use an image whose python3 has the venv module' };
  }
  return { python: path.posix.join(venv, 'bin', 'python') };
}

/**
 * Installs the wheels into the venv, all in one pip run; when that fails, one at a time, so one wheel that does not
 * fit this sandbox's Python costs only itself.
 */
export async function installInto(target: InstallTarget, venv: SandboxVenv, wheels: ProvidedWheel[], wheelPaths: string[]): Promise<InstallOutcome> {
  if (wheels.length === 0) return { installed: [], failed: [] };
  const failAll = (reason: string, fix = SAME_PYTHON): InstallOutcome => ({ installed: [], failed: wheels.map((w) => notInstalled(w, reason, fix)) });
  if ('problem' in venv) return failAll(venv.problem, venv.fix);
  const all = await target.run(pipInstallArgv(venv.python, wheelPaths), { env: PIP_ENV, timeoutMs: INSTALL_TIMEOUT_MS });
  if (all.exitCode === 0) return { installed: wheels, failed: [] };
  if (wheels.length === 1) return failAll(`pip refused it in the sandbox: ${lastLine(all.stderr || all.stdout)}`);
  const outcome: InstallOutcome = { installed: [], failed: [] };
  for (const [i, wheel] of wheels.entries()) {
    const one = await target.run(pipInstallArgv(venv.python, [wheelPaths[i]]), { env: PIP_ENV, timeoutMs: INSTALL_TIMEOUT_MS });
    if (one.exitCode === 0) outcome.installed.push(wheel);
    else outcome.failed.push(notInstalled(wheel, `pip refused it in the sandbox: ${lastLine(one.stderr || one.stdout)}`, SAME_PYTHON));
  }
  return outcome;
}

/** sandboxVenv, then installInto (nothing at all when there are no wheels). */
export async function installWheels(target: InstallTarget, wheels: ProvidedWheel[], wheelPaths: string[]): Promise<InstallOutcome> {
  if (wheels.length === 0) return { installed: [], failed: [] };
  return installInto(target, await sandboxVenv(target), wheels, wheelPaths);
}

function notInstalled(wheel: ProvidedWheel, reason: string, fix: string): MissingDependency {
  return { name: wheel.name, version: wheel.version, state: wheel.state, reason: `${wheel.filename}: ${reason}`, fix };
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? 'no output';
}
