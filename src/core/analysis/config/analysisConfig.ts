import { DEFAULT_PYTHON_VERSION, type PythonVersion } from '../imports/pythonVersion';
import type { Level } from '../types';

/** The settings a scan runs with, after merging CLI flags, [tool.snakepit], [tool.bandit] and defaults. */
export interface AnalysisConfig {
  /** The directory `exclude` patterns are relative to: the pyproject.toml's, else the start directory. */
  readonly root: string;
  /** Rule-ID prefixes to run (Ruff-style: `B6` selects B601–B615); `ALL` selects every rule. */
  readonly select: readonly string[];
  /** Rule-ID prefixes not to run; the longer of the best select and ignore match wins, ignore on a tie. */
  readonly ignore: readonly string[];
  /** Bandit's `tests` allow-list: when set, only these Bandit rules (B + digits) run; other families are unaffected. */
  readonly banditTests: readonly string[] | null;
  /** Lowest severity reported. */
  readonly severity: Level;
  /** Lowest confidence reported. */
  readonly confidence: Level;
  /** Glob patterns of paths not to scan (see `isExcluded`). */
  readonly exclude: readonly string[];
  readonly maxCyclomatic: number;
  readonly maxCognitive: number;
  /** The Python version whose standard library classifies imports. */
  readonly pythonVersion: PythonVersion;
}

/** Directories nobody wants scanned. `exclude` replaces these; `extend-exclude` adds to them. */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'node_modules',
  'site-packages',
  '__pypackages__',
  'build',
  'dist',
  '*.egg-info',
];

export const DEFAULT_MAX_CYCLOMATIC = 10;
export const DEFAULT_MAX_COGNITIVE = 15;

export function defaultConfig(root: string = process.cwd()): AnalysisConfig {
  return {
    root,
    select: ['ALL'],
    ignore: [],
    banditTests: null,
    severity: 'low',
    confidence: 'low',
    exclude: DEFAULT_EXCLUDE,
    maxCyclomatic: DEFAULT_MAX_CYCLOMATIC,
    maxCognitive: DEFAULT_MAX_COGNITIVE,
    pythonVersion: DEFAULT_PYTHON_VERSION,
  };
}
