import { PYTHON_VERSIONS, parsePythonVersion, type PythonVersion } from '../imports/pythonVersion';
import { LEVELS, type Level } from '../types';
import { ConfigError } from './configError';

/** Reads typed values out of one TOML table, recording a `ConfigError` for each bad one. */
export class ValueReader {
  constructor(
    private readonly file: string,
    /** How the table is written in messages: `[tool.snakepit]`. */
    private readonly tableName: string,
    private readonly errors: ConfigError[],
  ) {}

  error(key: string, problem: string, hint: string): undefined {
    this.errors.push(new ConfigError(this.file, `${this.tableName}.${key}`, problem, hint));
    return undefined;
  }

  /** A list of strings; a single string is taken as a one-element list. */
  stringList(key: string, value: unknown): string[] | undefined {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    return this.error(key, `must be a list of strings (got ${describe(value)})`, `Write it as ${key} = ["..."], or remove it.`);
  }

  /** Rule-ID prefixes such as `B6`, `SP001` or `ALL`, upper-cased. */
  ruleIds(key: string, value: unknown): string[] | undefined {
    const list = this.stringList(key, value);
    if (!list) return undefined;
    const ids = list.map((id) => id.trim().toUpperCase());
    const bad = ids.filter((id) => !/^(ALL|[A-Z]+\d*)$/.test(id));
    if (bad.length > 0) {
      return this.error(
        key,
        `has entries that are not rule IDs or prefixes: ${bad.map((id) => JSON.stringify(id)).join(', ')}`,
        'Use rule IDs such as "B602" or "SP001", prefixes such as "B6", or "ALL".',
      );
    }
    return ids;
  }

  level(key: string, value: unknown): Level | undefined {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    if (text && (LEVELS as readonly string[]).includes(text)) return text as Level;
    return this.error(key, `must be one of ${LEVELS.join(', ')} (got ${describe(value)})`, `Set it to "low", "medium" or "high", or remove it.`);
  }

  positiveInteger(key: string, value: unknown): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    if (typeof value === 'bigint' && value > 0n && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
    return this.error(key, `must be a whole number above 0 (got ${describe(value)})`, `Set it to a number such as ${key} = 10, or remove it.`);
  }

  pythonVersion(key: string, value: unknown): PythonVersion | undefined {
    const version = typeof value === 'string' ? parsePythonVersion(value) : undefined;
    if (version) return version;
    return this.error(
      key,
      `must be a supported Python version (got ${describe(value)})`,
      `Use one of ${PYTHON_VERSIONS.map((v) => `"${v}"`).join(', ')}.`,
    );
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a table';
  return `${typeof value} ${String(value)}`;
}
