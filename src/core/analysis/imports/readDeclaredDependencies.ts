import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseToml } from '../config/toml';
import { declaredDependencies, type DeclaredDependencies } from './declaredDependencies';
import { requirementName } from './projectNames';
import { pyprojectDependencyNames } from './pyprojectDependencies';
import { parseRequirementsFile } from './requirementsFile';

const REQUIREMENTS_FILE = /requirements.*\.(txt|in)$/i;

/**
 * Reads the dependency declarations in `root` (synchronously, only there): pyproject.toml,
 * requirements*.txt / *requirements*.in and requirements/*.txt (following `-r`),
 * Pipfile, setup.cfg `install_requires`/`extras_require`, and literal strings of
 * setup.py's `install_requires=[...]`. Unreadable or malformed files are skipped.
 */
export function readDeclaredDependencies(root: string): DeclaredDependencies {
  const names: string[] = [];
  const sources: string[] = [];
  let complete = true;
  const read = (file: string): string | undefined => {
    try {
      const text = fs.readFileSync(file, 'utf8');
      sources.push(file);
      return text;
    } catch {
      return undefined;
    }
  };

  const pyproject = read(path.join(root, 'pyproject.toml'));
  if (pyproject !== undefined) names.push(...safeToml(pyproject, pyprojectDependencyNames));

  const pipfile = read(path.join(root, 'Pipfile'));
  if (pipfile !== undefined) {
    names.push(...safeToml(pipfile, (doc) => [...Object.keys(tableOf(doc.packages)), ...Object.keys(tableOf(doc['dev-packages']))]));
  }

  const visited = new Set<string>();
  const readRequirements = (file: string): void => {
    const resolved = path.resolve(file);
    if (visited.has(resolved)) return;
    visited.add(resolved);
    const text = read(resolved);
    if (text === undefined) return;
    const parsed = parseRequirementsFile(text);
    names.push(...parsed.names);
    for (const include of parsed.includes) readRequirements(path.resolve(path.dirname(resolved), include));
  };
  for (const dir of [root, path.join(root, 'requirements')]) {
    for (const entry of listDir(dir)) {
      if (REQUIREMENTS_FILE.test(entry) || (dir !== root && /\.(txt|in)$/i.test(entry))) readRequirements(path.join(dir, entry));
    }
  }

  const setupCfg = read(path.join(root, 'setup.cfg'));
  if (setupCfg !== undefined) names.push(...setupCfgRequirements(setupCfg));

  const setupPy = read(path.join(root, 'setup.py'));
  if (setupPy !== undefined) {
    const literal = setupPyRequirements(setupPy);
    if (literal) names.push(...literal);
    else if (/install_requires\s*=/.test(setupPy)) complete = false;
  }
  return declaredDependencies(names, sources, complete);
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function safeToml(text: string, extract: (doc: Record<string, unknown>) => string[]): string[] {
  try {
    return extract(parseToml(text) as Record<string, unknown>);
  } catch {
    return [];
  }
}

function tableOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Requirement lines under `install_requires =` and `[options.extras_require]` of a setup.cfg. */
export function setupCfgRequirements(text: string): string[] {
  const names: string[] = [];
  let section = '';
  let inList = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '');
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      inList = false;
      continue;
    }
    const keyValue = /^(\S[^=]*?)\s*=\s*(.*)$/.exec(line);
    if (keyValue) {
      const key = keyValue[1].trim();
      inList = (section === 'options' && key === 'install_requires') || section === 'options.extras_require';
      if (inList) pushName(names, keyValue[2]);
      continue;
    }
    if (inList && /^\s+\S/.test(line)) pushName(names, line);
    else if (!/^\s*$/.test(line)) inList = false;
  }
  return names;
}

/** The string literals of `install_requires=[...]` in a setup.py, or undefined when it is not a literal list. */
export function setupPyRequirements(text: string): string[] | undefined {
  const list = /install_requires\s*=\s*\[([^\]]*)\]/.exec(text);
  if (!list) return undefined;
  const names: string[] = [];
  for (const literal of list[1].matchAll(/(['"])(.*?)\1/g)) pushName(names, literal[2]);
  return names;
}

function pushName(names: string[], requirement: string): void {
  const name = requirementName(requirement);
  if (name) names.push(name);
}
