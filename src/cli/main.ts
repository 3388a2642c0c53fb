import { buildProgram, runProgram } from './program';
import { subcommands } from './commands';
import { runShimCommand, shimKindOf } from './commands/pipShim';
import { runInterceptCommand } from './commands/shellInit';
import { CliError } from './exitCodes';

const argv = process.argv.slice(2);
// `snakepit pip …` and the shims: the tool's own arguments, passed on as typed (commander would take --version, -h, --).
const run =
  argv.length > 0 && shimKindOf(argv[0])
    ? runShimCommand(argv[0], argv.slice(1))
    : argv[0] === 'intercept' && argv[1] !== '--help' && argv[1] !== '-h'
      ? runInterceptCommand(argv.slice(1)).catch((error: unknown) => {
          if (!(error instanceof CliError)) throw error;
          process.stderr.write(`snakepit: ${error.message}\n`);
          return error.exitCode;
        })
      : runProgram(buildProgram(subcommands), argv);
run.then((code) => {
  process.exitCode = code;
});
