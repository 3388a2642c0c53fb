import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalizeName } from '../names';
import { parseRequirementsFile, parseRequirementsText } from '../requirements';
import type { ParsedRequirements, Requirement, RequirementOptions, RequirementProblem } from '../requirements/types';
import { pinnedVersionOf, type GateRequirement } from './gateRequirement';
import type { ValidateRequest } from './request';

/** The request's requirements could not be read: every problem with file:line:col, for the user to fix. */
export class RequirementsInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`the requirements cannot be validated:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'RequirementsInputError';
  }
}

export interface RequirementsInput {
  requirements: GateRequirement[];
  /** Options written in the requirements files (`--index-url`, …), merged in file order. */
  options: Partial<RequirementOptions>;
  /** Constraint lines as pip reads them (`idna==3.7`), from `-c` files given or named inside the requirements files. */
  constraints: string[];
}

/** The specs and `-r` files of a request as gate requirements; syntax errors throw {@link RequirementsInputError}. */
export async function readRequirementsInput(request: Pick<ValidateRequest, 'specs' | 'requirementFiles' | 'constraintFiles'>): Promise<RequirementsInput> {
  const problems: string[] = [];
  const requirements: GateRequirement[] = [];
  const constraints: string[] = [];
  const options: Partial<RequirementOptions> = {};
  const take = (parsed: ParsedRequirements, where?: string, allConstraints = false) => {
    for (const problem of parsed.problems.filter((p) => p.severity === 'error')) problems.push(describe(problem, where));
    for (const requirement of parsed.requirements) {
      if (requirement.constraint || allConstraints) {
        const line = constraintLine(requirement);
        if (typeof line === 'string' && line.startsWith('!')) problems.push(`${where ?? location(requirement)}: ${line.slice(1)}`);
        else constraints.push(line);
        continue;
      }
      const converted = toGateRequirement(requirement);
      if (typeof converted === 'string') problems.push(`${where ?? location(requirement)}: ${converted}`);
      else requirements.push(converted);
    }
    mergeOptions(options, parsed.options);
  };
  for (const spec of request.specs) take(await parseRequirementsText(spec, '<command line>'), `"${spec}"`);
  for (const file of request.requirementFiles) {
    try {
      take(await parseRequirementsFile(file));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  for (const file of request.constraintFiles ?? []) {
    try {
      take(await parseRequirementsFile(file), undefined, true);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  if (problems.length) throw new RequirementsInputError(problems);
  return { requirements: dedupe(requirements), options, constraints: [...new Set(constraints)] };
}

/** A constraint as pip takes it: a name, a version specifier and a marker (no extras, URLs or editables); `!why` when it cannot be one. */
function constraintLine(requirement: Requirement): string {
  if (!requirement.name || requirement.editable || requirement.url || requirement.path) return `!${requirement.text}: a constraint is a project name with a version specifier (pip refuses the rest)`;
  return `${requirement.displayName}${requirement.specifier}${requirement.marker ? ` ; ${requirement.marker}` : ''}`;
}

function describe(problem: RequirementProblem, where?: string): string {
  const at = where ?? `${problem.location.file}:${problem.location.line}:${problem.location.column}`;
  return `${at}: ${problem.code} ${problem.message}`;
}

function location(requirement: Requirement): string {
  return `${requirement.location.file}:${requirement.location.line}:${requirement.location.column}`;
}

function toGateRequirement(requirement: Requirement): GateRequirement | string {
  if (requirement.editable) return `editable requirement ${requirement.text} cannot be validated (its code is a working copy, not a distribution)`;
  if (!requirement.name) return `${requirement.text}: the gate needs a project name (write \`name @ ${requirement.url ?? requirement.path ?? requirement.text}\`)`;
  const extras = requirement.extras.length ? `[${requirement.extras.join(',')}]` : '';
  const localPath = localTarget(requirement);
  const target = localPath ? ` @ ${pathToFileURL(localPath).href}` : requirement.url ? ` @ ${requirement.url}` : requirement.specifier;
  const marker = requirement.marker ? ` ; ${requirement.marker}` : '';
  return {
    name: normalizeName(requirement.name),
    requested: requirement.text,
    pipLine: `${requirement.displayName}${extras}${target}${marker}`,
    hashes: requirement.hashes.filter((h) => h.startsWith('sha256:')).map((h) => h.slice('sha256:'.length).toLowerCase()),
    pinnedVersion: requirement.url || requirement.path ? undefined : pinnedVersionOf(requirement.specifier),
    ...(localPath ? { localPath } : {}),
    file: requirement.location.file,
    line: requirement.location.line,
  };
}

/** The absolute local path of a `file:` URL or path requirement (relative paths from the current directory, as pip does). */
function localTarget(requirement: Requirement): string | undefined {
  if (requirement.url && /^file:/i.test(requirement.url)) return fileURLToPath(requirement.url);
  if (requirement.path) return path.resolve(requirement.path.replace(/^file:/i, ''));
  return undefined;
}

function mergeOptions(into: Partial<RequirementOptions>, from: RequirementOptions): void {
  if (from.indexUrl) into.indexUrl = from.indexUrl;
  if (from.noIndex) into.noIndex = true;
  if (from.extraIndexUrls.length) into.extraIndexUrls = [...(into.extraIndexUrls ?? []), ...from.extraIndexUrls];
  if (from.findLinks.length) into.findLinks = [...(into.findLinks ?? []), ...from.findLinks];
  if (from.pre) into.pre = true;
  if (from.onlyBinary.length) into.onlyBinary = [...(into.onlyBinary ?? []), ...from.onlyBinary];
  if (from.noBinary.length) into.noBinary = [...(into.noBinary ?? []), ...from.noBinary];
}

/** The same project twice (a spec and a file line): the first one is kept, hashes merged. */
function dedupe(requirements: GateRequirement[]): GateRequirement[] {
  const byName = new Map<string, GateRequirement>();
  for (const requirement of requirements) {
    const seen = byName.get(requirement.name);
    if (!seen) byName.set(requirement.name, { ...requirement, hashes: [...requirement.hashes] });
    else for (const hash of requirement.hashes) if (!seen.hashes.includes(hash)) seen.hashes.push(hash);
  }
  return [...byName.values()];
}
