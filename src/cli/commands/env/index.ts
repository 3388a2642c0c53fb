import type { Command } from 'commander';
import { registerHistoryCommands } from './historyCommands';
import { registerInspectCommands } from './inspectCommands';
import { registerShellCommand } from './shellCommand';
import { registerVerifyCommand } from './verifyCommand';

/** `snakepit env …`: see, check, roll back, save, load and activate Python environments. */
export function registerEnv(program: Command): void {
  const env = program.command('env').description('Python environments: what is installed and verified, drift, history, exact rollback, save/load, activation');
  registerInspectCommands(env);
  registerVerifyCommand(env);
  registerHistoryCommands(env);
  registerShellCommand(env);
}
