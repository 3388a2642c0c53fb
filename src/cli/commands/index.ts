import type { SubcommandRegistrar } from '../program';

/** Every `snakepit` subcommand, in the order `--help` lists them. */
export const subcommands: readonly SubcommandRegistrar[] = [];
