import { buildProgram, runProgram } from './program';
import { subcommands } from './commands';
import { runShimCommand, shimKindOf } from './commands/pipShim';

const argv = process.argv.slice(2);
// `snakepit pip …` and the shims: the tool's own arguments, passed on as typed (commander would take --version, -h, --).
const run = argv.length > 0 && shimKindOf(argv[0]) ? runShimCommand(argv[0], argv.slice(1)) : runProgram(buildProgram(subcommands), argv);
run.then((code) => {
  process.exitCode = code;
});
