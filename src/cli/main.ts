import { buildProgram, runProgram } from './program';
import { subcommands } from './commands';

runProgram(buildProgram(subcommands), process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
