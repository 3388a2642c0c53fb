import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseToml } from '../analysis/config/toml';
import { parseRequirementsFile } from '../packages/requirements';
import { parseRequirementSpec } from '../packages/requirements/requirementSpec';

/** One dependency the project declares. */
export interface DeclaredRequirement {
  /** PEP 503 normalised. */
  name: string;
  extras: string[];
  specifier: string;
  marker?: string;
  /** `requirements.txt:3`, `pyproject.toml [project.dependencies]`. */
  source: string;
  /** A `-c` constraints entry: limits a version, declares nothing. */
  constraint: boolean;
}

export interface DeclaredDependencies {
  requirements: DeclaredRequirement[];
  /** Files read, relative to the project. */
  files: string[];
  /** Files that could not be read or parsed, with why. */
  problems: string[];
}

/** `requirements*.txt` in the project directory and in `requirements/`, sorted. */
export function requirementsFiles(project: string): string[] {
  const files: string[] = [];
  for (const dir of [project, path.join(project, 'requirements')]) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const isRequirements = dir === project ? /^requirements.*\.txt$/.test(name) : name.endsWith('.txt');
      if (isRequirements) files.push(path.join(dir, name));
    }
  }
  return files;
}

function fromPyproject(file: string, project: string, into: DeclaredDependencies): void {
  let table: Record<string, unknown>;
  try {
    table = parseToml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    into.problems.push(`${path.relative(project, file)}: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  into.files.push(path.relative(project, file));
  const projectTable = (table.project ?? {}) as Record<string, unknown>;
  const groups: Array<[string, unknown]> = [['project.dependencies', projectTable.dependencies]];
  for (const [extra, deps] of Object.entries((projectTable['optional-dependencies'] ?? {}) as Record<string, unknown>)) groups.push([`project.optional-dependencies.${extra}`, deps]);
  for (const [where, deps] of groups) {
    if (!Array.isArray(deps)) continue;
    for (const text of deps) {
      if (typeof text !== 'string') continue;
      const spec = parseRequirementSpec(text.trim());
      if (!spec.name) continue;
      into.requirements.push({ name: spec.name, extras: spec.extras, specifier: spec.specifier, marker: spec.marker, source: `pyproject.toml [${where}]`, constraint: false });
    }
  }
}

/** What the project at `project` declares: its requirements*.txt (with -r/-c includes) and pyproject.toml's [project] dependencies and extras. */
export function readDeclared(project: string): DeclaredDependencies {
  const declared: DeclaredDependencies = { requirements: [], files: [], problems: [] };
  for (const file of requirementsFiles(project)) {
    let parsed;
    try {
      parsed = parseRequirementsFile(file);
    } catch (error) {
      declared.problems.push(`${path.relative(project, file)}: ${(error as Error).message}`);
      continue;
    }
    declared.files.push(path.relative(project, file));
    for (const r of parsed.requirements) {
      if (!r.name) continue;
      declared.requirements.push({ name: r.name, extras: r.extras, specifier: r.specifier, marker: r.marker, source: `${path.relative(project, r.location.file)}:${r.location.line}`, constraint: r.constraint });
    }
  }
  const pyproject = path.join(project, 'pyproject.toml');
  if (fs.existsSync(pyproject)) fromPyproject(pyproject, project, declared);
  return declared;
}
