import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './exitCodes';
import { VERSION } from '../core/version';

export type SubcommandRegistrar = (program: Command) => void;

/** Builds the `snakepit` program with every subcommand; kept apart from main() so tests can drive it in-process. */
export function buildProgram(registrars: readonly SubcommandRegistrar[]): Command {
  const program = new Command('snakepit')
    .description('Look before you run: scan Python code, validate packages in a sandbox, debug inside one.')
    .version(VERSION, '-V, --version', 'print the Snakepit version')
    .showHelpAfterError('(run `snakepit --help` for usage)')
    .exitOverride();
  for (const register of registrars) register(program);
  return program;
}

/** Runs the program and returns the process exit code; never throws. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`snakepit: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`snakepit: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.usage;
  }
}
