import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };

/**
 * smol-toml ships ESM types but a CommonJS build (its `require` export), which the
 * extension's CommonJS bundle uses; this is the one place that loads it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smolToml = require('smol-toml') as typeof SmolToml;

export type TomlTable = Record<string, unknown>;

/** A TOML syntax error with its 1-based position. */
export interface TomlSyntaxError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Parses TOML text; throws smol-toml's `TomlError` (see `asTomlSyntaxError`) on bad syntax. */
export function parseToml(text: string): TomlTable {
  return smolToml.parse(text) as TomlTable;
}

/** The syntax error's message and position, if `error` is one of smol-toml's. */
export function asTomlSyntaxError(error: unknown): TomlSyntaxError | undefined {
  if (!(error instanceof smolToml.TomlError)) return undefined;
  const firstLine = error.message.split('\n')[0];
  return { message: firstLine, line: error.line, column: error.column };
}
