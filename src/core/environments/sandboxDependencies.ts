import * as fs from 'node:fs';
import * as path from 'node:path';
import { installedIn } from './environmentState';
import { environmentAt } from './resolveEnvironment';
import type { InstalledDistribution, PythonEnvironment, VerificationResult, VerificationState } from './types';
import { verifyDistributions, type VerificationSources } from './verification';

/** A gate-judged wheel of the workspace environment that a sandbox can install (from the artifact cache, no index). */
export interface ProvidedWheel {
  name: string;
  version: string;
  /** `warned`: the gate let it through with warnings; said so wherever it is reported. */
  state: 'verified' | 'warned';
  filename: string;
  sha256: string;
  /** The wheel file in the artifact cache (its directory holds nothing else the sandbox needs). */
  path: string;
}

/** An installed distribution a sandbox cannot get, with why and what to do. */
export interface MissingDependency {
  name: string;
  version: string;
  state: VerificationState;
  reason: string;
  fix: string;
}

export interface SandboxDependencies {
  /** The workspace environment read; undefined when the folder has none (then nothing is provided or missing). */
  environment?: PythonEnvironment;
  wheels: ProvidedWheel[];
  missing: MissingDependency[];
}

/** Where a project keeps its environment, in the order tools prefer them. */
const WORKSPACE_ENVIRONMENTS = ['.venv', 'venv', 'env'];

/**
 * Packaging tools every sandbox Python brings its own of (a venv's ensurepip, the image's system packages). The
 * workspace's copies come from ensurepip and are never judged by the gate: installed when verified, but not named
 * as "not provided" on every launch when they are not.
 */
const TOOLS = new Set(['pip', 'setuptools', 'wheel']);

/** The virtual environment directly in the workspace folder (`.venv` first), if any. Nothing runs. */
export function workspaceEnvironment(workspaceFolder: string): PythonEnvironment | undefined {
  for (const name of WORKSPACE_ENVIRONMENTS) {
    const prefix = path.join(workspaceFolder, name);
    if (!fs.existsSync(path.join(prefix, 'pyvenv.cfg'))) continue;
    const environment = environmentAt(prefix);
    if (fs.existsSync(environment.python)) return environment;
  }
  return undefined;
}

/**
 * What a sandbox can be given of the workspace environment: the cached wheels the gate passed (or warned about)
 * whose files are exactly the installed ones, and every other distribution named with the reason and the fix.
 */
export async function sandboxDependencies(workspaceFolder: string, sources: VerificationSources): Promise<SandboxDependencies> {
  const environment = workspaceEnvironment(workspaceFolder);
  if (!environment) return { wheels: [], missing: [] };
  const { distributions } = await installedIn(environment);
  const results = await verifyDistributions(distributions, sources);
  const wheels: ProvidedWheel[] = [];
  const missing: MissingDependency[] = [];
  distributions.forEach((dist, i) => {
    const provided = providedWheel(dist, results[i], sources);
    if ('wheel' in provided) wheels.push(provided.wheel);
    else if (!TOOLS.has(dist.key)) missing.push(provided.missing);
  });
  return { environment, wheels, missing };
}

function providedWheel(dist: InstalledDistribution, result: VerificationResult, sources: VerificationSources): { wheel: ProvidedWheel } | { missing: MissingDependency } {
  const pin = `${dist.name}==${dist.version}`;
  const missing = (reason: string, fix = `validate it: \`snakepit validate ${pin}\``) => ({ missing: { name: dist.name, version: dist.version, state: result.state, reason, fix } });
  switch (result.state) {
    case 'verified':
    case 'warned': {
      const artifact = result.verdict!.artifact;
      const cached = sources.cache.get(artifact.sha256);
      if (!cached) return missing(`its verified wheel ${artifact.filename} is no longer in the artifact cache`);
      return { wheel: { name: dist.name, version: dist.version, state: result.state, filename: artifact.filename, sha256: artifact.sha256, path: cached.path } };
    }
    case 'failed':
      return missing('the gate failed it', `see why with \`snakepit validate ${pin}\`; remove it or pick a version that passes`);
    case 'modified':
      return missing(`its installed files no longer match its RECORD (${(result.modifiedFiles ?? []).slice(0, 3).join(', ')})`, `reinstall it through the gate: \`snakepit validate --install ${pin}\``);
    case 'unverified':
      return missing(result.note ? `never verified by the gate: ${result.note}` : 'never verified by the gate');
  }
}

/** One line per fact, for a debug console or a progress log: what went in, then each thing that did not. */
export function describeSandboxDependencies(dependencies: SandboxDependencies, outcome: { installed: ProvidedWheel[]; failed: MissingDependency[] }): string[] {
  if (!dependencies.environment) return [];
  const from = `the workspace's ${dependencies.environment.name}`;
  const lines: string[] = [];
  const { installed } = outcome;
  if (installed.length > 0) {
    const names = installed.map((w) => `${w.name} ${w.version}${w.state === 'warned' ? ' (warned by the gate)' : ''}`);
    lines.push(`installed ${installed.length} verified package${installed.length === 1 ? '' : 's'} from ${from} (cached wheels, no index): ${names.join(', ')}`);
  } else if (dependencies.wheels.length === 0 && dependencies.missing.length > 0) {
    lines.push(`nothing from ${from} could be installed: none of its packages has a verified wheel in the artifact cache`);
  }
  for (const m of [...dependencies.missing, ...outcome.failed]) lines.push(`not provided: ${m.name} ${m.version}: ${m.reason}; ${m.fix}`);
  return lines;
}
