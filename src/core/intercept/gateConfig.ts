import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asTomlSyntaxError, parseToml, type TomlTable } from '../analysis/config/toml';
import { DOCKER_RUNTIME_CHOICES } from '../sandbox/docker/runtimes';
import type { GateSettings } from './gatedInstall';
import { ENGINE_CHOICES, readBoolean, readChoice, SettingError } from './settings';

/** Where a value came from, for `snakepit config show`. */
export type SettingSource = { kind: 'default' } | { kind: 'env'; variable: string } | { kind: 'file'; file: string; table: string };

export interface ResolvedSetting {
  key: keyof GateSettings;
  /** As written in files: `allow-warn`. */
  name: string;
  value: GateSettings[keyof GateSettings];
  source: SettingSource;
}

interface KeyDef {
  key: keyof GateSettings;
  name: string;
  variable: string;
  read: (value: unknown, where: string) => GateSettings[keyof GateSettings];
}

const asString = (value: unknown, where: string) => {
  if (typeof value !== 'string') throw new SettingError(`${where} = ${JSON.stringify(value)}: expected a string`);
  return value;
};

const KEYS: readonly KeyDef[] = [
  { key: 'engine', name: 'engine', variable: 'SNAKEPIT_ENGINE', read: (v, w) => readChoice(asString(v, w), ENGINE_CHOICES, w) },
  { key: 'runtime', name: 'runtime', variable: 'SNAKEPIT_RUNTIME', read: (v, w) => readChoice(asString(v, w), DOCKER_RUNTIME_CHOICES, w) },
  { key: 'image', name: 'image', variable: 'SNAKEPIT_IMAGE', read: (v, w) => asString(v, w) },
  { key: 'allowWarn', name: 'allow-warn', variable: 'SNAKEPIT_ALLOW_WARN', read: (v, w) => (typeof v === 'boolean' ? v : readBoolean(asString(v, w), w)) },
];

export const GATE_DEFAULTS: GateSettings = { engine: 'auto', runtime: 'auto', allowWarn: false };

export interface ConfigFile {
  file: string;
  /** How the table is named in messages: `[tool.snakepit.gate]`. */
  table: string;
  values: TomlTable;
}

/** `~/.config/snakepit/config.toml` (XDG_CONFIG_HOME), its `[gate]` table. */
export function userConfigFile(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'snakepit', 'config.toml');
}

function readTable(file: string, keys: string[]): ConfigFile | undefined {
  if (!fs.existsSync(file)) return undefined;
  let parsed: TomlTable;
  try {
    parsed = parseToml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const syntax = asTomlSyntaxError(error);
    throw new SettingError(`${file}${syntax ? `:${syntax.line}:${syntax.column}` : ''}: ${syntax?.message ?? (error as Error).message}; fix the TOML`);
  }
  let table: unknown = parsed;
  for (const key of keys) table = table && typeof table === 'object' ? (table as TomlTable)[key] : undefined;
  if (table === undefined) return undefined;
  const name = `[${keys.join('.')}]`;
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw new SettingError(`${file}: ${name} must be a table`);
  return { file, table: name, values: table as TomlTable };
}

/** The project's file: the nearest directory from `cwd` up with a snakepit.toml (`[gate]`) or a pyproject.toml with `[tool.snakepit.gate]`. */
export function projectConfig(cwd: string): ConfigFile | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const own = readTable(path.join(dir, 'snakepit.toml'), ['gate']);
    if (own) return own;
    const pyproject = readTable(path.join(dir, 'pyproject.toml'), ['tool', 'snakepit', 'gate']);
    if (pyproject) return pyproject;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The gate's settings for intercepted installs, layer by layer: SNAKEPIT_* variables > the project's
 * file > the user's config.toml > defaults. A bad value is a {@link SettingError} naming the file and
 * key, or the variable, and what it may be; an unknown key in a file is one too (a typo would be ignored otherwise).
 */
export function resolveGateConfig(cwd: string, env: NodeJS.ProcessEnv): ResolvedSetting[] {
  const layers = [projectConfig(cwd), readTable(userConfigFile(env), ['gate'])].filter((l): l is ConfigFile => l !== undefined);
  for (const layer of layers) {
    for (const key of Object.keys(layer.values)) {
      if (!KEYS.some((k) => k.name === key)) throw new SettingError(`${layer.file}: ${layer.table} ${key} is not a gate setting; known: ${KEYS.map((k) => k.name).join(', ')}`);
    }
  }
  return KEYS.map((def): ResolvedSetting => {
    const fromEnv = env[def.variable];
    if (fromEnv !== undefined && fromEnv !== '') return { key: def.key, name: def.name, value: def.read(fromEnv, def.variable), source: { kind: 'env', variable: def.variable } };
    for (const layer of layers) {
      if (def.name in layer.values) return { key: def.key, name: def.name, value: def.read(layer.values[def.name], `${layer.file}: ${layer.table} ${def.name}`), source: { kind: 'file', file: layer.file, table: layer.table } };
    }
    return { key: def.key, name: def.name, value: GATE_DEFAULTS[def.key], source: { kind: 'default' } };
  });
}

export function gateSettings(resolved: ResolvedSetting[]): GateSettings {
  const settings: Record<string, unknown> = { ...GATE_DEFAULTS };
  for (const setting of resolved) if (setting.value !== undefined) settings[setting.key] = setting.value;
  return settings as unknown as GateSettings;
}

export function describeSource(source: SettingSource): string {
  if (source.kind === 'default') return 'default';
  if (source.kind === 'env') return `environment ${source.variable}`;
  return `${source.file} ${source.table}`;
}
