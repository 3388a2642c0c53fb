import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { activationScript, SHELLS, shellLaunch, type ShellKind } from '../../../core/environments/activation';
import { CliError, ExitCode } from '../../exitCodes';
import { collect, pickEnvironment } from './context';

function defaultShell(): ShellKind {
  const name = path.basename(process.env.SHELL ?? '') as ShellKind;
  return SHELLS.includes(name) ? name : 'bash';
}

/** Starts the shell interactively with the activation run after the user's own startup file; resolves to its exit code. Its temp dir goes with it. */
function runShell(shell: ShellKind, activation: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-shell-'));
  const launch = shellLaunch(shell, activation, dir);
  return new Promise((resolve, reject) => {
    const child = spawn(shell, launch.args, { stdio: 'inherit', env: { ...process.env, ...launch.env } });
    child.once('error', (error) => {
      fs.rmSync(dir, { recursive: true, force: true });
      reject(new CliError(`could not start ${shell}: ${error.message}; install it or pick another with --shell`, ExitCode.usage));
    });
    child.once('exit', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(code ?? 0);
    });
  });
}

export function registerShellCommand(env: Command): void {
  env
    .command('shell [env]')
    .description('open a shell with the environment activated and the prompt (snakepit:NAME); `deactivate` or exit leaves it')
    .option('--root <dir>', 'search this directory for project environments too (repeatable)', collect, [])
    .option('--shell <shell>', `bash, zsh or fish (default: $SHELL when it is one of them, else bash)`)
    .option('--print', 'print the activation code instead, for `eval "$(snakepit env shell --print)"` (fish: `| source`)', false)
    .action(async (given: string | undefined, flags: { root: string[]; shell?: string; print: boolean }) => {
      const shell = (flags.shell ?? defaultShell()) as ShellKind;
      if (!SHELLS.includes(shell)) throw new CliError(`--shell ${flags.shell}: choose bash, zsh or fish`);
      const environment = await pickEnvironment(given, flags);
      const binDir = path.dirname(environment.python);
      const activation = activationScript(shell, environment.name, environment.prefix, path.relative(environment.prefix, binDir) || '.');
      if (flags.print) {
        process.stdout.write(activation);
        return;
      }
      process.exitCode = await runShell(shell, activation);
    });
}
