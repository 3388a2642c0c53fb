import type { EngineChoice } from '../sandbox/selectEngine';

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
