import type { PythonVersion } from '../imports/pythonVersion';
import type { Level } from '../types';

/** The settings one source (CLI flags, [tool.snakepit], [tool.bandit], .bandit) gives; unset ones fall through. */
export interface ConfigLayer {
  select?: string[];
  ignore?: string[];
  banditTests?: string[];
  severity?: Level;
  confidence?: Level;
  /** Replaces the default exclusions. */
  exclude?: string[];
  /** Adds to the exclusions. */
  extendExclude?: string[];
  maxCyclomatic?: number;
  maxCognitive?: number;
  pythonVersion?: PythonVersion;
}
