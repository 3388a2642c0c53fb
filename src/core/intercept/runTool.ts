import { spawn } from 'node:child_process';
import * as os from 'node:os';

/** Variables the shims use to talk to `snakepit`; never handed on to the real tool. */
export const SHIM_ENV = ['SNAKEPIT_SHIM_REAL', 'SNAKEPIT_SHIM_NAME', 'SNAKEPIT_SHIM_ELECTRON'] as const;

export function toolEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  // A shim started from VS Code runs the CLI under Electron as node; the real tool must not inherit that.
  if (copy.SNAKEPIT_SHIM_ELECTRON === '1') delete copy.ELECTRON_RUN_AS_NODE;
  for (const name of SHIM_ENV) delete copy[name];
  return copy;
}

/**
 * Runs the real tool with this process's stdio, as if it had been run directly: same arguments, same
 * output, its exit code (128 + signal number when a signal ended it, as shells report). Ctrl-C reaches it
 * through the terminal's process group; this process waits for it instead of dying first.
 */
export function runTool(program: string, args: readonly string[], env: NodeJS.ProcessEnv = toolEnv()): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'inherit', env });
    const ignore = () => undefined;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, ignore);
    const forwardTerm = () => child.kill('SIGTERM');
    process.on('SIGTERM', forwardTerm);
    const done = () => {
      for (const signal of signals) process.removeListener(signal, ignore);
      process.removeListener('SIGTERM', forwardTerm);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1));
    });
  });
}
