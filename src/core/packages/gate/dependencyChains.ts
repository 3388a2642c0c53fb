import { normalizeName } from '../names';
import type { GateRequirement } from './gateRequirement';
import type { PackageValidation } from './report';

const REQUIREMENT_NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/** The names a package requires unconditionally of extras (an extra's requirements were not asked for). */
function requiredNames(lines: readonly string[]): string[] {
  return lines.filter((line) => !/\bextra\s*==/.test(line)).flatMap((line) => {
    const match = REQUIREMENT_NAME.exec(line);
    return match ? [normalizeName(match[1])] : [];
  });
}

/**
 * Names, on each dependency, the chain of requirements that pulled it in: breadth-first from the requirements asked
 * for through the Requires-Dist of the packages this run inspected, so a failing dependency reads
 * `colorful → colorful-core`. A dependency no known edge reaches (its parent was judged from the history) keeps none.
 */
export function nameDependencyChains(packages: PackageValidation[], requirements: readonly GateRequirement[], requiresOf: ReadonlyMap<string, readonly string[]>): void {
  const present = new Set(packages.map((p) => normalizeName(p.name)));
  const chainTo = new Map<string, string[]>();
  const queue: string[] = [];
  for (const requirement of requirements) {
    const name = normalizeName(requirement.name);
    if (!chainTo.has(name)) {
      chainTo.set(name, [requirement.name]);
      queue.push(name);
    }
  }
  const displayName = new Map(packages.map((p) => [normalizeName(p.name), p.name]));
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const child of requiredNames(requiresOf.get(parent) ?? requiresOf.get(displayName.get(parent) ?? '') ?? [])) {
      if (chainTo.has(child) || !present.has(child)) continue;
      chainTo.set(child, [...chainTo.get(parent)!, displayName.get(child) ?? child]);
      queue.push(child);
    }
  }
  for (const pkg of packages) {
    const chain = chainTo.get(normalizeName(pkg.name));
    if (chain && chain.length > 1) pkg.pulledInBy = chain;
  }
}
