import { buildProgram, runProgram } from './program';
import { subcommands } from './commands';
import { registrarsFor } from './lazySubcommands';

const argv = process.argv.slice(2);
registrarsFor(argv, subcommands)
  .then((registrars) => runProgram(buildProgram(registrars), argv))
  .then((code) => {
    process.exitCode = code;
  });
