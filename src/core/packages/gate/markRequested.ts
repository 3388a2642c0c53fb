import type { GateRequirement } from './gateRequirement';
import type { PackageValidation } from './report';

/** Which packages the user asked for (the rest came in as dependencies): the report lists those first. */
export function markRequested(packages: PackageValidation[], requirements: GateRequirement[]): void {
  const names = new Set(requirements.map((r) => r.name));
  for (const pkg of packages) pkg.direct = names.has(pkg.name);
}
