import { normalizeProjectName } from './projectNames';

/** The distributions a workspace declares, PEP 503-normalised. */
export interface DeclaredDependencies {
  readonly names: ReadonlySet<string>;
  /** The files the names were read from; none means the workspace declares nothing (nothing to check against). */
  readonly sources: readonly string[];
  /**
   * False when some declaration could not be read (a setup.py computing its
   * `install_requires`): undeclared-dependency findings would then be guesses.
   */
  readonly complete: boolean;
}

export function declaredDependencies(names: Iterable<string>, sources: readonly string[], complete = true): DeclaredDependencies {
  const normalized = new Set<string>();
  for (const name of names) normalized.add(normalizeProjectName(name));
  return { names: normalized, sources, complete };
}

export function isDeclared(declared: DeclaredDependencies, distribution: string): boolean {
  return declared.names.has(normalizeProjectName(distribution));
}
