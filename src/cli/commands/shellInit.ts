import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { ensureShims, type ShimLauncher } from '../../core/intercept/shims';
import { bashEnvFile, checkGuard, SHELLS, shellInit, shellOff, type Shell } from '../../core/intercept/shellInit';
import { CliError, ExitCode } from '../exitCodes';
import { stateDir } from '../paths';

/** This CLI, as the shims start it again: the same node (and its -r options when running from source), the same script. */
export function cliLauncher(): ShimLauncher {
  return { node: process.execPath, nodeArgs: process.execArgv, cli: path.resolve(process.argv[1]) };
}

/** `<state dir>/shims`, written or refreshed for this CLI. */
export function cliShimDir(): string {
  return ensureShims(path.join(stateDir(), 'shims'), cliLauncher());
}

function shellOf(name: string | undefined): Shell {
  const chosen = name ?? path.basename(process.env.SHELL ?? '');
  const shell = chosen === 'pwsh' ? 'powershell' : chosen;
  if (!(SHELLS as readonly string[]).includes(shell)) throw new CliError(`shell-init: unknown shell ${chosen || '(SHELL is not set)'}; give one of ${SHELLS.join(', ')}`);
  return shell as Shell;
}

export function registerShellInit(program: Command): void {
  program
    .command('shell-init')
    .description('print the lines that guard installs in this shell: eval "$(snakepit shell-init bash)" (no rc file is edited)')
    .addArgument(new Command().createArgument('[shell]', `${SHELLS.join(', ')} (default: from $SHELL)`))
    .option('--check', 'say whether pip, python and uv on PATH reach the shims (exit 0 guarded, 1 not)', false)
    .addOption(new Option('--off', 'print the lines that undo shell-init in this shell').conflicts('check'))
    .action((name: string | undefined, flags: { check: boolean; off?: boolean }) => {
      if (flags.check) {
        const result = checkGuard(process.env);
        process.stdout.write(`${result.guarded ? 'guarded' : 'NOT guarded'}: installs typed here ${result.guarded ? 'go through the Snakepit gate' : 'may skip the Snakepit gate'}\n${result.lines.map((l) => `  ${l}\n`).join('')}`);
        process.exitCode = result.guarded ? ExitCode.ok : ExitCode.findings;
        return;
      }
      const shell = shellOf(name);
      const dir = cliShimDir();
      process.stdout.write(flags.off ? shellOff(shell, dir) : shellInit(shell, dir));
    });
  program
    .command('intercept')
    .description('run a command with every pip/uv/python -m pip install inside it going through the gate; its exit code is kept (snakepit intercept -- make setup)')
    .argument('<command...>', 'the command and its arguments (after --)')
    // Only `--help`/`-h` reach commander: src/cli/main.ts hands every other `intercept` command line to runInterceptCommand.
    .allowUnknownOption()
    .action(async (command: string[]) => {
      process.exitCode = await runInterceptCommand(command);
    });
}

/** The command with the shim dir first on PATH (and bash's BASH_ENV functions, so a venv activated inside is still guarded). */
export async function runInterceptCommand(argv: string[]): Promise<number> {
  const command = argv[0] === '--' ? argv.slice(1) : argv;
  if (command.length === 0) throw new CliError('intercept: give the command to run: snakepit intercept -- make setup');
  const dir = cliShimDir();
  const env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, SNAKEPIT_SHIMS: dir, BASH_ENV: bashEnvFile(dir, process.env.BASH_ENV) };
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    child.once('error', (error) => {
      process.removeListener('SIGINT', ignore);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new CliError(`intercept: ${command[0]}: command not found`, 127));
      else reject(error);
    });
    child.once('exit', (code, signal) => {
      process.removeListener('SIGINT', ignore);
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1));
    });
  });
}
