import { typosquatTarget } from '../typosquat';
import { markersCanOverlap } from './markerOverlap';
import { REQUIREMENT_PROBLEMS, type RequirementProblemCode } from './problemCodes';
import { specifiersIntersect } from './specifierIntersection';
import type { ParsedRequirements, Requirement, RequirementProblem, SourceLocation } from './types';

export interface DiagnoseOptions {
  /** Report requirements not pinned with `==`/`===` (setting `snakepit.gate.warnUnpinned`, off by default). */
  warnUnpinned: boolean;
}

/**
 * The checks on top of parsing: duplicates, conflicting specifiers, hash-checking mode, unpinned
 * requirements and typosquatting. Returns only these new problems (syntax problems stay in
 * `parsed.problems`), ordered by file, line and column.
 */
export function diagnoseRequirements(parsed: ParsedRequirements, options: DiagnoseOptions): RequirementProblem[] {
  const problems: RequirementProblem[] = [];
  const seen = new Set<string>();
  const report = (code: RequirementProblemCode, location: SourceLocation, message: string): void => {
    const key = `${code} ${location.file}:${location.line}:${location.column}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    problems.push({ location, severity: REQUIREMENT_PROBLEMS[code].severity, code, message });
  };
  checkDuplicatesAndConflicts(parsed.requirements, report);
  checkHashes(parsed, report);
  for (const requirement of parsed.requirements) {
    if (options.warnUnpinned && !requirement.constraint && !isPinned(requirement) && requirement.url === undefined && requirement.path === undefined) {
      report('REQ014', requirement.location, `${requirement.displayName} is not pinned, so each install may get a different version: pin it, e.g. ${requirement.displayName}==<version> (see 'pip freeze').`);
    }
    const squat = requirement.name ? typosquatTarget(requirement.name) : undefined;
    if (squat !== undefined) {
      report(
        'REQ015',
        nameLocation(requirement),
        `'${requirement.displayName}' looks like the popular project '${squat.intended}' (${squat.how}). Check the spelling: a look-alike name can install someone else's code. If '${requirement.displayName}' is really meant, validate it before installing.`,
      );
    }
  }
  const fileOrder = new Map(parsed.files.map((file, index) => [file, index]));
  return problems.sort(
    (a, b) =>
      (fileOrder.get(a.location.file) ?? 0) - (fileOrder.get(b.location.file) ?? 0) || a.location.line - b.location.line || a.location.column - b.location.column,
  );
}

type Report = (code: RequirementProblemCode, location: SourceLocation, message: string) => void;

function where(requirement: Requirement): string {
  return `${requirement.location.file}:${requirement.location.line}`;
}

function checkDuplicatesAndConflicts(requirements: readonly Requirement[], report: Report): void {
  const byName = new Map<string, Requirement[]>();
  for (const requirement of requirements) {
    if (requirement.name) {
      byName.set(requirement.name, [...(byName.get(requirement.name) ?? []), requirement]);
    }
  }
  for (const requirement of requirements) {
    if (!specifiersIntersect([requirement.specifier])) {
      report('REQ012', requirement.location, `No version satisfies '${requirement.specifier}' on its own: fix the bounds of ${requirement.displayName}.`);
    }
  }
  for (const group of byName.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        checkPair(group[i], group[j], report);
      }
    }
  }
}

function checkPair(first: Requirement, second: Requirement, report: Report): void {
  if (!markersCanOverlap(first.marker, second.marker)) {
    return;
  }
  if (!first.constraint && !second.constraint) {
    const message = (other: Requirement): string =>
      `${first.displayName} is required twice (also at ${where(other)}): keep one line, or give the lines markers that exclude each other (e.g. python_version < "3.10" / >= "3.10").`;
    report('REQ011', first.location, message(second));
    report('REQ011', second.location, message(first));
  }
  if (!specifiersIntersect([first.specifier, second.specifier])) {
    const describe = (requirement: Requirement): string => `'${requirement.specifier}'${requirement.constraint ? ' (constraint)' : ''} at ${where(requirement)}`;
    const message = `No version of ${first.displayName} satisfies both ${describe(first)} and ${describe(second)}: pip will fail to resolve it. Make the ranges overlap or remove one.`;
    report('REQ012', first.location, message);
    report('REQ012', second.location, message);
  }
}

function isPinned(requirement: Requirement): boolean {
  return /^(===[^,]+|==[^,*]+)$/.test(requirement.specifier);
}

function checkHashes(parsed: ParsedRequirements, report: Report): void {
  const installable = parsed.requirements.filter((requirement) => !requirement.constraint);
  const hashed = installable.find((requirement) => requirement.hashes.length > 0);
  if (hashed === undefined && !parsed.options.requireHashes) {
    return;
  }
  const why = hashed ? `${hashed.displayName} at ${where(hashed)} has --hash, which puts pip in hash-checking mode` : `--require-hashes puts pip in hash-checking mode`;
  for (const requirement of installable) {
    if (requirement.editable) {
      report('REQ013', requirement.location, `${why}, and editable requirements cannot be hash-checked (there is no single file to hash): install ${requirement.displayName} without -e or separately.`);
    } else if (requirement.hashes.length === 0) {
      report('REQ013', requirement.location, `${why}, so every requirement needs --hash: pip will refuse ${requirement.displayName}. Add its hashes (pip hash FILE, or 'snakepit validate --pin-hashes').`);
    } else if (!isPinned(requirement) && requirement.url === undefined && requirement.path === undefined) {
      report('REQ013', requirement.location, `${why}, which also requires an exact version: pin ${requirement.displayName} with ==<version>.`);
    }
  }
}

/** The name part of a requirement, or the whole requirement when the name is not written first. */
function nameLocation(requirement: Requirement): SourceLocation {
  const { location, displayName, text } = requirement;
  if (text.startsWith(displayName) && !requirement.editable) {
    return { ...location, endLine: location.line, endColumn: location.column + displayName.length };
  }
  return location;
}
