import type { PythonVersion } from '../imports/pythonVersion';
import { DEFAULT_EXCLUDE, defaultConfig, type AnalysisConfig } from './analysisConfig';
import type { ConfigLayer } from './configLayer';

/** The layers of configuration, highest precedence first. */
export interface ConfigLayers {
  readonly cli: ConfigLayer;
  readonly snakepit: ConfigLayer;
  readonly bandit: ConfigLayer;
  /** From `[project].requires-python`: used when no layer sets `pythonVersion`. */
  readonly requiresPython?: PythonVersion;
}

/**
 * CLI flags > [tool.snakepit] > [tool.bandit] > defaults, key by key. Two kinds of key
 * accumulate instead: `ignore` (each layer's ignores and Bandit's skips all apply) and
 * exclusions (`exclude` of the highest layer that sets it, or the defaults, plus every
 * layer's `extend-exclude` and Bandit's `exclude_dirs`). Bandit's `tests` apply only
 * while neither the CLI nor [tool.snakepit] sets `select`.
 */
export function mergeConfig(root: string, layers: ConfigLayers): AnalysisConfig {
  const { cli, snakepit, bandit } = layers;
  const defaults = defaultConfig(root);
  const ordered = [cli, snakepit, bandit];
  const first = <K extends keyof ConfigLayer>(key: K): ConfigLayer[K] => ordered.find((layer) => layer[key] !== undefined)?.[key];
  const select = cli.select ?? snakepit.select;
  return {
    root,
    select: select ?? defaults.select,
    ignore: unique(ordered.flatMap((layer) => layer.ignore ?? [])),
    banditTests: select ? null : (bandit.banditTests ?? null),
    severity: first('severity') ?? defaults.severity,
    confidence: first('confidence') ?? defaults.confidence,
    exclude: unique([...(cli.exclude ?? snakepit.exclude ?? DEFAULT_EXCLUDE), ...ordered.flatMap((layer) => layer.extendExclude ?? [])]),
    maxCyclomatic: first('maxCyclomatic') ?? defaults.maxCyclomatic,
    maxCognitive: first('maxCognitive') ?? defaults.maxCognitive,
    pythonVersion: first('pythonVersion') ?? layers.requiresPython ?? defaults.pythonVersion,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
