import type { ConfigError } from './configError';
import type { ConfigLayer } from './configLayer';
import { ValueReader, describe } from './valueReaders';

const TABLE = '[tool.snakepit]';

type KeyReader = (reader: ValueReader, key: string, value: unknown, layer: ConfigLayer) => void;

const KEYS: Readonly<Record<string, KeyReader>> = {
  select: (r, k, v, layer) => (layer.select = r.ruleIds(k, v)),
  ignore: (r, k, v, layer) => (layer.ignore = r.ruleIds(k, v)),
  severity: (r, k, v, layer) => (layer.severity = r.level(k, v)),
  confidence: (r, k, v, layer) => (layer.confidence = r.level(k, v)),
  exclude: (r, k, v, layer) => (layer.exclude = r.stringList(k, v)),
  'extend-exclude': (r, k, v, layer) => (layer.extendExclude = r.stringList(k, v)),
  'max-cyclomatic': (r, k, v, layer) => (layer.maxCyclomatic = r.positiveInteger(k, v)),
  'max-cognitive': (r, k, v, layer) => (layer.maxCognitive = r.positiveInteger(k, v)),
  'python-version': (r, k, v, layer) => (layer.pythonVersion = r.pythonVersion(k, v)),
  // [tool.snakepit.gate]: the package gate's settings for intercepted installs, read by src/core/intercept/gateConfig.ts.
  gate: () => undefined,
};

/** The settings of a pyproject.toml's `[tool.snakepit]` table (`undefined` values where invalid). */
export function readSnakepitSettings(table: unknown, file: string, errors: ConfigError[]): ConfigLayer {
  const layer: ConfigLayer = {};
  if (table === undefined) return layer;
  const reader = new ValueReader(file, TABLE, errors);
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    reader.error('', `must be a table (got ${describe(table)})`, 'Write it as a [tool.snakepit] section with key = value lines.');
    return layer;
  }
  for (const [key, value] of Object.entries(table)) {
    const read = KEYS[key];
    if (read) {
      read(reader, key, value, layer);
      continue;
    }
    const kebab = key.replace(/_/g, '-');
    reader.error(
      key,
      'is not a Snakepit setting',
      KEYS[kebab] ? `Did you mean "${kebab}"?` : `Known settings: ${Object.keys(KEYS).join(', ')}.`,
    );
  }
  return stripUndefined(layer);
}

function stripUndefined(layer: ConfigLayer): ConfigLayer {
  for (const key of Object.keys(layer) as (keyof ConfigLayer)[]) {
    if (layer[key] === undefined) delete layer[key];
  }
  return layer;
}
