import { spawn, type ChildProcess } from 'node:child_process';
import type { ExecOptions, ExecResult, SandboxProcess } from '../engine';
import { registerCommand, unregisterCommand } from './liveCommands';
import { killTree } from './processTree';

/** A fully built host command line (the engine has already wrapped it in prlimit, bwrap, …). */
export interface HostCommand {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The sandbox's `run` dir, where the command is registered while it runs. */
  runDir: string;
}

export interface HostResult extends ExecResult {
  signal: NodeJS.Signals | null;
}

/** More than this per stream is dropped (a runaway print loop must not exhaust the host's memory). */
const MAX_CAPTURE_BYTES = 16 << 20;
/** After the command exits, how long to wait for its pipes to drain before closing them ourselves. */
const DRAIN_GRACE_MS = 300;

export function runHostCommand(command: HostCommand, options: ExecOptions = {}): Promise<HostResult> {
  const started = Date.now();
  if (options.signal?.aborted) {
    return Promise.resolve({ exitCode: null, signal: null, timedOut: false, cancelled: true, stdout: '', stderr: '', durationMs: 0, reason: 'cancelled before it started' });
  }
  return new Promise((resolve, reject) => {
    const child = startChild(command);
    const stdout = capture(child.stdout, options.onStdout);
    const stderr = capture(child.stderr, options.onStderr);
    let timedOut = false;
    let cancelled = false;
    const kill = () => child.pid !== undefined && killTree(child.pid);
    const timer = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), kill()), options.timeoutMs) : undefined;
    const onAbort = () => ((cancelled = true), kill());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
    child.once('error', (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) unregisterCommand(command.runDir, child.pid);
      void afterDrain(child).then(() => {
        const killed = timedOut || cancelled;
        resolve({
          exitCode: killed ? null : code,
          signal,
          timedOut,
          cancelled,
          stdout: stdout.text(),
          stderr: stderr.text(),
          durationMs: Date.now() - started,
          reason: timedOut ? `timed out after ${formatSeconds(options.timeoutMs ?? 0)}` : cancelled ? 'cancelled' : undefined,
        });
      });
    });
  });
}

export function spawnHostCommand(command: HostCommand): SandboxProcess {
  const child = startChild(command);
  const exited = new Promise<{ exitCode: number | null }>((resolve) => {
    child.once('error', () => resolve({ exitCode: null }));
    child.once('exit', (code) => {
      if (child.pid !== undefined) unregisterCommand(command.runDir, child.pid);
      resolve({ exitCode: code });
    });
  });
  return {
    stdin: child.stdin!,
    stdout: child.stdout!,
    stderr: child.stderr!,
    exited,
    async kill() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) killTree(child.pid);
      await exited;
    },
  };
}

function startChild(command: HostCommand): ChildProcess {
  const [file, ...args] = command.argv;
  // detached: its own process group, so a kill reaches what it started even if we cannot see it in /proc.
  const child = spawn(file, args, { cwd: command.cwd, env: command.env, stdio: 'pipe', detached: true });
  if (child.pid !== undefined) registerCommand(command.runDir, child.pid);
  return child;
}

function capture(stream: NodeJS.ReadableStream | null, onChunk?: (chunk: Buffer) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let dropped = 0;
  stream?.on('data', (chunk: Buffer) => {
    onChunk?.(chunk);
    if (size + chunk.length <= MAX_CAPTURE_BYTES) {
      chunks.push(chunk);
      size += chunk.length;
    } else dropped += chunk.length;
  });
  return {
    text: () => Buffer.concat(chunks).toString('utf8') + (dropped > 0 ? `\n[snakepit: ${dropped} more bytes not kept]\n` : ''),
  };
}

async function afterDrain(child: ChildProcess): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((stream) => stream !== null && !stream.readableEnded && !stream.destroyed);
  await Promise.race([
    Promise.all(streams.map((stream) => new Promise((done) => stream!.once('close', done)))),
    new Promise((done) => setTimeout(done, DRAIN_GRACE_MS)),
  ]);
  for (const stream of streams) stream!.destroy();
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
