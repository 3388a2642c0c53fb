/**
 * A configuration problem: which file, which key, what is wrong and what to do.
 * Collected, never thrown past `loadConfig`: the scan goes on with the value the
 * next layer (or the default) gives.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    /** The key as written in the file: `[tool.snakepit].severity`, or `(syntax)` for a parse error. */
    readonly key: string,
    readonly problem: string,
    readonly hint: string,
    /** 1-based line, when known. */
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${key}: ${problem}. ${hint}`);
    this.name = 'ConfigError';
  }
}
