import { buildProgram, runProgram } from './program';
import { subcommands } from './commands';
import { CliError } from './exitCodes';
import { registrarsFor } from './lazySubcommands';
import { shimKindOf } from './shimKind';

const argv = process.argv.slice(2);

async function main(): Promise<number> {
  // `snakepit pip …` and the shims: the tool's own arguments, passed on as typed (commander would take --version, -h, --).
  if (argv.length > 0 && shimKindOf(argv[0])) return (await import('./commands/pipShim.js')).runShimCommand(argv[0], argv.slice(1));
  if (argv[0] === 'intercept' && argv[1] !== '--help' && argv[1] !== '-h') {
    const { runInterceptCommand } = await import('./commands/shellInit.js');
    return runInterceptCommand(argv.slice(1)).catch((error: unknown) => {
      if (!(error instanceof CliError)) throw error;
      process.stderr.write(`snakepit: ${error.message}\n`);
      return error.exitCode;
    });
  }
  return runProgram(buildProgram(await registrarsFor(argv, subcommands)), argv);
}

void main().then((code) => {
  process.exitCode = code;
});
