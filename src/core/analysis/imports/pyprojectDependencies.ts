import { requirementName } from './projectNames';

type Table = Readonly<Record<string, unknown>>;

/**
 * Project names a parsed pyproject.toml declares: `[project]` `name`, `dependencies` and
 * `optional-dependencies`; `[dependency-groups]` (PEP 735); `[build-system].requires`;
 * Poetry's `[tool.poetry]` `name`, `dependencies`, `dev-dependencies` and `group.*.dependencies`;
 * PDM's `[tool.pdm.dev-dependencies]`. Malformed parts are ignored (configuration
 * errors are reported by the config loader, not here).
 */
export function pyprojectDependencyNames(document: Table): string[] {
  const names: string[] = [];
  const project = table(document.project);
  pushName(names, project?.name);
  pushRequirements(names, project?.dependencies);
  for (const group of Object.values(table(project?.['optional-dependencies']) ?? {})) pushRequirements(names, group);
  for (const group of Object.values(table(document['dependency-groups']) ?? {})) pushRequirements(names, group);
  pushRequirements(names, table(document['build-system'])?.requires);

  const tool = table(document.tool);
  const poetry = table(tool?.poetry);
  pushName(names, poetry?.name);
  pushKeys(names, poetry?.dependencies);
  pushKeys(names, poetry?.['dev-dependencies']);
  for (const group of Object.values(table(poetry?.group) ?? {})) pushKeys(names, table(group)?.dependencies);
  for (const group of Object.values(table(table(tool?.pdm)?.['dev-dependencies']) ?? {})) pushRequirements(names, group);
  return names;
}

function table(value: unknown): Table | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Table) : undefined;
}

function pushName(names: string[], value: unknown): void {
  if (typeof value === 'string' && value.trim()) names.push(value.trim());
}

function pushRequirements(names: string[], value: unknown): void {
  if (!Array.isArray(value)) return;
  for (const item of value) {
    const name = typeof item === 'string' ? requirementName(item) : undefined;
    if (name) names.push(name);
  }
}

/** Poetry-style tables: `requests = "^2.31"`; `python` is the interpreter, not a dependency. */
function pushKeys(names: string[], value: unknown): void {
  for (const key of Object.keys(table(value) ?? {})) {
    if (key.toLowerCase() !== 'python') names.push(key);
  }
}
