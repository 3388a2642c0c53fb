import { normalizeName } from '../packages/names';
import { DEFAULT_MARKER_ENVIRONMENT, evaluateMarker, type MarkerEnvironment } from '../packages/requirements/markers';
import { satisfies } from '../packages/requirements/pep440';
import { parseRequirementSpec } from '../packages/requirements/requirementSpec';
import type { DeclaredRequirement } from './declared';
import type { InstalledDistribution, VerificationState } from './types';

export type DriftKind = 'missing' | 'version-mismatch' | 'undeclared' | 'never-verified';

export interface DriftItem {
  kind: DriftKind;
  name: string;
  /** Installed version, when installed. */
  installed?: string;
  /** The declared specifier and where it was declared, when declared. */
  specifier?: string;
  source?: string;
  message: string;
}

/** Installers' own tools, present in every venv: never reported as undeclared. */
const TOOLING = new Set(['pip', 'setuptools', 'wheel', 'distribute', 'pkg-resources']);

function markerEnvironment(pythonVersion: string, extra = ''): Partial<MarkerEnvironment> {
  const [major, minor] = pythonVersion.split('.');
  return major && minor ? { python_version: `${major}.${minor}`, python_full_version: pythonVersion, extra } : { extra };
}

function applies(marker: string | undefined, pythonVersion: string, extra = ''): boolean {
  if (!marker) return true;
  try {
    return evaluateMarker(marker, { ...DEFAULT_MARKER_ENVIRONMENT, ...markerEnvironment(pythonVersion, extra) });
  } catch {
    return true;
  }
}

/** Every installed distribution reachable from the declared ones through Requires-Dist (extras followed). */
function requiredClosure(declared: DeclaredRequirement[], installed: Map<string, InstalledDistribution>, pythonVersion: string): Set<string> {
  const reached = new Set<string>();
  const queue: Array<{ name: string; extras: string[] }> = declared.map((d) => ({ name: d.name, extras: d.extras }));
  const visitedWithExtra = new Set<string>();
  while (queue.length > 0) {
    const { name, extras } = queue.shift()!;
    const key = `${name}[${[...extras].sort().join(',')}]`;
    if (visitedWithExtra.has(key)) continue;
    visitedWithExtra.add(key);
    const dist = installed.get(name);
    if (!dist) continue;
    reached.add(name);
    for (const line of dist.requires) {
      const spec = parseRequirementSpec(line);
      if (!spec.name) continue;
      const wanted = ['', ...extras].some((extra) => applies(spec.marker, pythonVersion, extra));
      if (wanted) queue.push({ name: normalizeName(spec.name), extras: spec.extras });
    }
  }
  return reached;
}

/**
 * How the environment differs from what the project declares: declared but not installed, installed
 * at a version outside the specifier, installed but neither declared nor needed by a declared one,
 * and declared but never verified by the gate. Constraints only narrow versions.
 */
export function computeDrift(declared: DeclaredRequirement[], installed: InstalledDistribution[], states: Map<string, VerificationState>, pythonVersion: string): DriftItem[] {
  const byName = new Map(installed.map((d) => [d.key, d]));
  const direct = declared.filter((d) => !d.constraint && applies(d.marker, pythonVersion));
  const drift: DriftItem[] = [];
  for (const requirement of [...direct, ...declared.filter((d) => d.constraint)]) {
    const dist = byName.get(requirement.name);
    if (!dist) {
      if (!requirement.constraint) drift.push({ kind: 'missing', name: requirement.name, specifier: requirement.specifier, source: requirement.source, message: `${requirement.name}${requirement.specifier} is declared (${requirement.source}) but not installed` });
      continue;
    }
    if (requirement.specifier && !satisfies(dist.version, requirement.specifier)) {
      drift.push({ kind: 'version-mismatch', name: requirement.name, installed: dist.version, specifier: requirement.specifier, source: requirement.source, message: `${dist.name} ${dist.version} is installed but ${requirement.source} asks for ${requirement.specifier}` });
    }
  }
  if (direct.length > 0) {
    const needed = requiredClosure(direct, byName, pythonVersion);
    for (const dist of installed) {
      if (needed.has(dist.key) || TOOLING.has(dist.key)) continue;
      drift.push({ kind: 'undeclared', name: dist.key, installed: dist.version, message: `${dist.name} ${dist.version} is installed but neither declared nor required by a declared package` });
    }
  }
  const declaredNames = new Set(direct.map((d) => d.name));
  for (const dist of installed) {
    if (declaredNames.has(dist.key) && states.get(dist.key) === 'unverified') {
      drift.push({ kind: 'never-verified', name: dist.key, installed: dist.version, message: `${dist.name} ${dist.version} is declared and installed but the gate never verified these files (snakepit validate ${dist.name}==${dist.version})` });
    }
  }
  return drift;
}
