import type { SubcommandRegistrar } from './program';

/** A subcommand by name, with its registrar loaded only when asked for (each pulls in its own part of src/core). */
export interface LazySubcommand {
  name: string;
  load: () => Promise<SubcommandRegistrar>;
}

const VERSION_FLAGS = new Set(['-V', '--version']);

/**
 * The registrars a command line needs: none for `--version`, only the named one for `snakepit NAME …`,
 * all of them otherwise (top-level help, an unknown command and its suggestions).
 */
export async function registrarsFor(argv: readonly string[], subcommands: readonly LazySubcommand[]): Promise<SubcommandRegistrar[]> {
  if (argv.length > 0 && argv.every((arg) => VERSION_FLAGS.has(arg))) return [];
  const named = subcommands.find((subcommand) => subcommand.name === argv[0]);
  if (named) return [await named.load()];
  return Promise.all(subcommands.map((subcommand) => subcommand.load()));
}
