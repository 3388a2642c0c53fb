import { probeTarget } from '../packages/target/resolveTarget';
import { readDeclared } from './declared';
import { readInstalled } from './distributions';
import { computeDrift, type DriftItem } from './drift';
import { sitePackagesOf } from './sitePackages';
import type { InstalledDistribution, PythonEnvironment, VerificationResult, VerificationState } from './types';
import { verifyDistributions, type VerificationSources } from './verification';

export interface DistributionState {
  name: string;
  version: string;
  installer: string;
  files: number;
  verification: VerificationResult;
}

export interface EnvironmentState {
  environment: PythonEnvironment;
  sitePackages: string[];
  distributions: DistributionState[];
  counts: Record<VerificationState, number>;
  /** Present when a project directory was given. */
  drift?: { project: string; files: string[]; problems: string[]; items: DriftItem[] };
}

/** Where the environment's distributions live: read from the layout, or asked of the interpreter when the layout does not say (Debian's dist-packages). */
export async function sitePackagesFor(environment: PythonEnvironment): Promise<string[]> {
  const found = sitePackagesOf(environment.prefix);
  if (found.length > 0 && environment.kind !== 'system') return found;
  return (await probeTarget(environment.python, true)).sitePackages;
}

export async function installedIn(environment: PythonEnvironment): Promise<{ sitePackages: string[]; distributions: InstalledDistribution[] }> {
  const sitePackages = await sitePackagesFor(environment);
  return { sitePackages, distributions: readInstalled(sitePackages) };
}

/** The environment's distributions with their verification state, and, for a project, its drift. Nothing runs inside the environment. */
export async function inspectEnvironment(environment: PythonEnvironment, sources: VerificationSources, project?: string): Promise<EnvironmentState> {
  const { sitePackages, distributions } = await installedIn(environment);
  const results = await verifyDistributions(distributions, sources);
  const counts: Record<VerificationState, number> = { verified: 0, warned: 0, failed: 0, unverified: 0, modified: 0 };
  for (const r of results) counts[r.state]++;
  const state: EnvironmentState = {
    environment,
    sitePackages,
    distributions: distributions.map((d, i) => ({ name: d.name, version: d.version, installer: d.installer, files: d.files.length, verification: results[i] })),
    counts,
  };
  if (project) {
    const declared = readDeclared(project);
    const states = new Map(distributions.map((d, i) => [d.key, results[i].state]));
    state.drift = { project, files: declared.files, problems: declared.problems, items: computeDrift(declared.requirements, distributions, states, environment.version) };
  }
  return state;
}

/** True when CI should stop: something failed or modified, or the environment drifts from the project. */
export function needsAttention(state: EnvironmentState): boolean {
  return state.counts.failed > 0 || state.counts.modified > 0 || (state.drift?.items.length ?? 0) > 0;
}
