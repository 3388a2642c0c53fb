import { spawn } from 'node:child_process';

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  cancelled: boolean;
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Each complete line of stdout and stderr, as it arrives. */
  onLine?: (line: string) => void;
}

const KILL_GRACE_MS = 2000;

/**
 * Runs a host program in its own process group; cancel or timeout sends SIGTERM to the whole group,
 * then SIGKILL if it is still there, and the promise settles only once the program has exited.
 */
export function runProcess(file: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({ exitCode: null, signal: null, stdout: '', stderr: '', cancelled: true, timedOut: false, durationMs: 0 });
      return;
    }
    const child = spawn(file, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const out: string[] = [];
    const err: string[] = [];
    let cancelled = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => ((cancelled = true), kill());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), kill()), options.timeoutMs) : undefined;
    lines(child.stdout, out, options.onLine);
    lines(child.stderr, err, options.onLine);
    child.once('error', (error) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(new Error(`could not run ${file}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // Anything the program left running in its group goes with it.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      resolve({ exitCode: code, signal, stdout: out.join(''), stderr: err.join(''), cancelled, timedOut, durationMs: Date.now() - started });
    });
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // Already gone.
  }
}

function lines(stream: NodeJS.ReadableStream | null, into: string[], onLine?: (line: string) => void): void {
  let pending = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    into.push(chunk);
    if (!onLine) return;
    pending += chunk;
    const parts = pending.split(/\r?\n/);
    pending = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  });
  stream?.on('end', () => {
    if (pending && onLine) onLine(pending);
  });
}

/**
 * The environment for running the target's interpreter and pip: pip's configuration files and
 * PIP_* variables are dropped so the user's index, constraints or find-links cannot add anything
 * to an install that must consist of exactly the verified files.
 */
export function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(PIP_|PYTHON)/i.test(name) || name === 'VIRTUAL_ENV') continue;
    env[name] = value;
  }
  env.PIP_CONFIG_FILE = process.platform === 'win32' ? 'nul' : '/dev/null';
  return env;
}
