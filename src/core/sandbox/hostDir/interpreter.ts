import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SandboxError } from '../engine';

// A function, not promisify(execFile) at load: reading execFile loads child_process, which the CLI loads on first use.
const run = (file: string, args: string[], options: { timeout: number }) => promisify(execFile)(file, args, options);

export interface Interpreter {
  /** The real interpreter binary (a pyenv shim resolved to what it runs). */
  executable: string;
  /** `sys.base_prefix`: what must be visible for the interpreter (and a venv made from it) to work. */
  prefix: string;
  version: string;
}

/**
 * Asks the host's interpreter (`python3` from PATH unless named) where it really lives. In an activated venv that
 * `python3` is the venv's: the sandbox gets the interpreter the venv was made from (the venv itself, in the user's
 * home or a temp dir, is not visible inside).
 */
export async function resolveInterpreter(name = 'python3'): Promise<Interpreter> {
  const probe = [
    'import json, os, sys',
    "exe = sys.executable if sys.prefix == sys.base_prefix else (getattr(sys, '_base_executable', '') or os.path.realpath(sys.executable))",
    'print(json.dumps([exe, sys.base_prefix, sys.version.split()[0]]))',
  ].join('\n');
  try {
    const { stdout } = await run(name, ['-c', probe], { timeout: 30_000 });
    const [executable, prefix, version] = JSON.parse(stdout.trim()) as [string, string, string];
    if (!executable) throw new Error('sys.executable is empty');
    return { executable, prefix, version };
  } catch (error) {
    throw new SandboxError(`"${name}" is not a usable Python interpreter: ${(error as Error).message.split('\n')[0]}`, 'Install Python 3 or name an interpreter (e.g. /usr/bin/python3.12) as the sandbox image');
  }
}
