import type { ConfigError } from './configError';
import type { ConfigLayer } from './configLayer';
import { ValueReader, describe } from './valueReaders';

/**
 * Bandit's settings Snakepit honours, from pyproject.toml's `[tool.bandit]`: `skips`
 * (→ ignore), `tests` (→ Bandit's allow-list) and `exclude_dirs` (→ extra exclusions).
 * Bandit's other keys (plugin options) are left alone without complaint.
 */
export function readBanditTable(table: unknown, file: string, errors: ConfigError[]): ConfigLayer {
  const layer: ConfigLayer = {};
  if (table === undefined) return layer;
  const reader = new ValueReader(file, '[tool.bandit]', errors);
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    reader.error('', `must be a table (got ${describe(table)})`, 'Write it as a [tool.bandit] section, or remove it.');
    return layer;
  }
  const values = table as Record<string, unknown>;
  if (values.skips !== undefined) assign(layer, 'ignore', reader.ruleIds('skips', values.skips));
  if (values.tests !== undefined) assign(layer, 'banditTests', reader.ruleIds('tests', values.tests));
  if (values.exclude_dirs !== undefined) assign(layer, 'extendExclude', banditExcludes(reader.stringList('exclude_dirs', values.exclude_dirs)));
  return layer;
}

/**
 * The `[bandit]` section of a `.bandit` INI file: `skips`, `tests` and `exclude`, each
 * a comma-separated list. Malformed lines are ignored, as Bandit does.
 */
export function readBanditIni(text: string, file: string, errors: ConfigError[]): ConfigLayer {
  const layer: ConfigLayer = {};
  const reader = new ValueReader(file, '[bandit]', errors);
  let inBandit = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      inBandit = header[1].trim() === 'bandit';
      continue;
    }
    const keyValue = /^([\w-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (!inBandit || !keyValue) continue;
    const items = keyValue[2].split(',').map((item) => item.trim()).filter(Boolean);
    if (keyValue[1] === 'skips') assign(layer, 'ignore', reader.ruleIds('skips', items));
    else if (keyValue[1] === 'tests') assign(layer, 'banditTests', reader.ruleIds('tests', items));
    else if (keyValue[1] === 'exclude') assign(layer, 'extendExclude', banditExcludes(items));
  }
  return layer;
}

/** Bandit excludes a path containing an entry: `./tests/` or `/tests` as a path-segment pattern `tests`. */
function banditExcludes(entries: string[] | undefined): string[] | undefined {
  return entries?.map((entry) => entry.trim().replace(/^\.?\/+/, '').replace(/\/+$/, '')).filter(Boolean);
}

function assign<K extends keyof ConfigLayer>(layer: ConfigLayer, key: K, value: ConfigLayer[K] | undefined): void {
  if (value !== undefined) layer[key] = value;
}
