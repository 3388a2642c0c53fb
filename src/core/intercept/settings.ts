import { DOCKER_RUNTIME_CHOICES, type DockerRuntimeChoice } from '../sandbox/docker/runtimes';
import type { EngineChoice } from '../sandbox/selectEngine';
import type { GateSettings } from './gatedInstall';

export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'docker', 'bubblewrap', 'venv'];

/** A setting with a value it cannot take: names where it came from and what it may be. */
export class SettingError extends Error {}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

export function readBoolean(value: string, where: string): boolean {
  const lower = value.trim().toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  throw new SettingError(`${where}=${value}: expected 1/0, true/false, yes/no or on/off`);
}

export function readChoice<T extends string>(value: string, choices: readonly T[], where: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new SettingError(`${where}=${value}: expected one of ${choices.join(', ')}`);
}

/** The gate settings from SNAKEPIT_* variables alone, over the defaults. */
export function settingsFromEnv(env: NodeJS.ProcessEnv, base: GateSettings = { engine: 'auto', runtime: 'auto', allowWarn: false }): GateSettings {
  const settings = { ...base };
  if (env.SNAKEPIT_ENGINE !== undefined) settings.engine = readChoice(env.SNAKEPIT_ENGINE, ENGINE_CHOICES, 'SNAKEPIT_ENGINE');
  if (env.SNAKEPIT_RUNTIME !== undefined) settings.runtime = readChoice<DockerRuntimeChoice>(env.SNAKEPIT_RUNTIME, DOCKER_RUNTIME_CHOICES, 'SNAKEPIT_RUNTIME');
  if (env.SNAKEPIT_IMAGE) settings.image = env.SNAKEPIT_IMAGE;
  if (env.SNAKEPIT_ALLOW_WARN !== undefined) settings.allowWarn = readBoolean(env.SNAKEPIT_ALLOW_WARN, 'SNAKEPIT_ALLOW_WARN');
  return settings;
}
