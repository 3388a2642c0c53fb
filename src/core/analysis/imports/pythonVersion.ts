/** The Python versions whose standard library Snakepit knows. */
export const PYTHON_VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'] as const;

export type PythonVersion = (typeof PYTHON_VERSIONS)[number];

export const DEFAULT_PYTHON_VERSION: PythonVersion = '3.12';

/**
 * A supported version from `3.11`, `3.11.4`, `py311` (Ruff's `target-version`) or
 * `311`; `undefined` for anything else.
 */
export function parsePythonVersion(text: string): PythonVersion | undefined {
  const match = /^(?:py)?3\.?(\d{1,2})(?:\.\d+)?$/i.exec(text.trim());
  const version = match ? `3.${Number(match[1])}` : '';
  return (PYTHON_VERSIONS as readonly string[]).includes(version) ? (version as PythonVersion) : undefined;
}

/**
 * The lowest supported version a `requires-python` specifier allows (`>=3.9` → 3.9,
 * `~=3.10` → 3.10, `>3.8` → 3.9), or `undefined` when it names no lower bound.
 */
export function minimumPythonVersion(requiresPython: string): PythonVersion | undefined {
  let lowest: number | undefined;
  for (const clause of requiresPython.split(',')) {
    const match = /^\s*(>=|~=|==|>)\s*3\.(\d+)/.exec(clause);
    if (!match) continue;
    const minor = Number(match[2]) + (match[1] === '>' ? 1 : 0);
    lowest = lowest === undefined ? minor : Math.max(lowest, minor);
  }
  if (lowest === undefined) return undefined;
  const clamped = Math.min(Math.max(lowest, 8), 13);
  return `3.${clamped}` as PythonVersion;
}
