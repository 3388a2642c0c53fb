import type { ValidationReport } from '../../core/packages/gate/report';
import { normalizeName } from '../../core/packages/names';

export interface PinOutcome {
  /** `name==version` of every package whose validated file's sha256 is now in the file. */
  pinned: string[];
  /** Packages validated but not pinned, with why. */
  skipped: string[];
  /** Dependencies the file did not name before, added so that pip's hash-checking mode finds every file. */
  added: string[];
}

/** Names the requirement lines of a requirements text start with (PEP 503 normalised). */
function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/gm)) names.add(normalizeName(match[1]));
  return names;
}

/** What the core's pinning did to a requirements file, told from the report and the text before and after. */
export function pinOutcome(report: ValidationReport, before: string, after: string): PinOutcome {
  const named = namesIn(before);
  const outcome: PinOutcome = { pinned: [], skipped: [], added: [] };
  for (const pkg of report.packages) {
    const id = `${pkg.name}==${pkg.version}`;
    if (pkg.verdict === 'fail') outcome.skipped.push(`${pkg.name}: its validation failed`);
    else if (pkg.artifacts.length === 0) outcome.skipped.push(`${pkg.name}: no validated files`);
    else if (!pkg.artifacts.some((a) => after.includes(`--hash=sha256:${a.sha256}`))) outcome.skipped.push(`${pkg.name}: not written (a constraint or an included file)`);
    else {
      outcome.pinned.push(id);
      if (!named.has(normalizeName(pkg.name))) outcome.added.push(id);
    }
  }
  return outcome;
}
