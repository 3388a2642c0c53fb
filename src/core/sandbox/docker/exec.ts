import type Docker from 'dockerode';
import { PassThrough, type Duplex, Writable } from 'node:stream';
import { type ExecOptions, type ExecResult, SandboxError, type SandboxProcess } from '../engine';
import { EngineStoppedError, isConnectionLost } from './errors';
import { WORK_DIR } from './hardening';
import type { KeeperChannel } from './keeperChannel';
import { killMarked, newMarker } from './processKiller';
import { outOfMemorySince } from './oomEvents';
import { gvisorSandboxLost, sandboxEnded, watchSandbox } from './sandboxLoss';

/**
 * Snakepit's own housekeeping may run a command as another user (root, still without capabilities); `keeper` is the
 * channel to an owner-bound sandbox's keeper, held by the engine that made it.
 */
type CommandOptions = ExecOptions & { user?: string; keeper?: KeeperChannel };

interface StartedCommand {
  exec: Docker.Exec;
  socket: Duplex;
  stdout: PassThrough;
  stderr: PassThrough;
  marker: string;
  /** Resolves once the command's output has ended. */
  ended: Promise<void>;
  /** False when the connection broke instead of ending (the daemon went away, or `abandon` was called). */
  endedCleanly: () => boolean;
  /** Gives up on the command's connection, e.g. when the daemon stopped answering. */
  abandon: () => void;
}

async function startCommand(
  docker: Docker,
  container: Docker.Container,
  argv: readonly string[],
  options: Pick<CommandOptions, 'cwd' | 'env' | 'user'>,
  attachStdin: boolean,
): Promise<StartedCommand> {
  const marker = newMarker();
  const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`);
  const exec = await container.exec({
    Cmd: [...argv],
    Env: [...env, marker],
    WorkingDir: options.cwd ?? WORK_DIR,
    AttachStdin: attachStdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    ...(options.user ? { User: options.user } : {}),
  });
  const socket = await exec.start({ hijack: true, stdin: attachStdin });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(socket, stdout, stderr);
  let clean = false;
  const ended = new Promise<void>((resolve) => {
    const finish = () => {
      stdout.end();
      stderr.end();
      resolve();
    };
    socket.once('end', () => {
      clean = true;
      finish();
    });
    socket.once('close', finish);
    socket.once('error', finish);
  });
  return { exec, socket, stdout, stderr, marker, ended, endedCleanly: () => clean, abandon: () => socket.destroy() };
}

const ENGINE_CHECK_INTERVAL_MS = 5000;
const ENGINE_CHECK_TIMEOUT_MS = 10_000;
const ENGINE_CHECK_MISSES = 3;

/**
 * A hijacked exec stream has no timeout: if the daemon dies its socket closes and the stream ends, but a daemon that
 * hangs (or a proxy in between that keeps the connection) would leave the exec waiting forever. While a command
 * runs, ping the daemon now and then; `onLost` when its socket is gone, or after several pings without an answer.
 */
function watchEngine(docker: Docker, onLost: (reason: string) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let misses = 0;
  const check = async () => {
    try {
      await Promise.race([
        docker.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer to a ping within ${ENGINE_CHECK_TIMEOUT_MS / 1000} s`)), ENGINE_CHECK_TIMEOUT_MS).unref()),
      ]);
      misses = 0;
    } catch (error) {
      if (stopped) return;
      if (isConnectionLost(error) || ++misses >= ENGINE_CHECK_MISSES) return onLost((error as Error).message ?? String(error));
    }
    if (!stopped) timer = setTimeout(() => void check(), ENGINE_CHECK_INTERVAL_MS);
  };
  timer = setTimeout(() => void check(), ENGINE_CHECK_INTERVAL_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The exit code, once Docker has noticed the process ended (it may lag the end of the output a little). */
async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const info = await exec.inspect();
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}

const KILLED_BY_SIGKILL = 137;

export async function runCommand(
  docker: Docker,
  container: Docker.Container,
  argv: readonly string[],
  options: CommandOptions = {},
): Promise<ExecResult> {
  const startedAt = Date.now();
  if (options.signal?.aborted) {
    return { exitCode: null, timedOut: false, cancelled: true, stdout: '', stderr: '', durationMs: 0 };
  }
  const command = await startCommand(docker, container, argv, options, options.stdin !== undefined);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  command.stdout.on('data', (chunk: Buffer) => {
    stdout.push(chunk);
    options.onStdout?.(chunk);
  });
  command.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    options.onStderr?.(chunk);
  });
  if (options.stdin !== undefined) command.socket.end(options.stdin);

  let timedOut = false;
  let cancelled = false;
  let killing: Promise<unknown> | undefined;
  const stop = () => (killing ??= killMarked(docker, container, command.marker, command.exec, options.keeper));
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    void stop();
  }, options.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    void stop();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let engineLost: string | undefined;
  const stopWatching = watchEngine(docker, (reason) => {
    engineLost = reason;
    command.abandon();
  });
  const sandbox = watchSandbox(container, command.exec, () => command.abandon());
  try {
    await command.ended;
    if (engineLost === undefined && killing) await killing;
  } finally {
    stopWatching();
    sandbox.stop();
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (engineLost !== undefined) throw new EngineStoppedError(`${engineLost} (the command's connection was given up)`);
  const output = () => ({ timedOut, cancelled, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
  if (sandbox.lost()) return sandboxEnded(docker, container, startedAt, output());
  let exitCode: number | null;
  try {
    exitCode = await exitCodeOf(command.exec);
  } catch (error) {
    // The output ended because the daemon went away (it kills its containers as it stops): say so, not "exit null".
    if (!command.endedCleanly() && !isConnectionLost(error)) throw new EngineStoppedError(`the command's connection broke: ${(error as Error).message}`);
    throw error;
  }
  if (exitCode === null && !command.endedCleanly() && !timedOut && !cancelled) {
    throw new EngineStoppedError("the command's connection broke and Docker did not say how the command ended");
  }
  if (!timedOut && !cancelled && gvisorSandboxLost(exitCode, Buffer.concat(stderr).toString('utf8'))) return sandboxEnded(docker, container, startedAt, output());
  const outOfMemory = exitCode === KILLED_BY_SIGKILL && !timedOut && !cancelled && (await outOfMemorySince(docker, container.id, startedAt, 1000));
  if (exitCode === KILLED_BY_SIGKILL && !timedOut && !cancelled && !outOfMemory) await explainSigkill(docker, container);
  return {
    exitCode: timedOut || cancelled || outOfMemory ? null : exitCode,
    timedOut,
    cancelled,
    ...(outOfMemory ? { outOfMemory } : {}),
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    durationMs: Date.now() - startedAt,
  };
}

/**
 * A command killed by SIGKILL that neither we nor the OOM killer killed: if the whole container went down with it,
 * say why instead of handing back "exit 137". A stopping dockerd kills its containers first and answers requests
 * for a moment longer, so give it a few seconds to go away before blaming anything else.
 */
async function explainSigkill(docker: Docker, container: Docker.Container): Promise<void> {
  const info = await container.inspect();
  if (info.State.Running) return;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    try {
      await docker.ping();
    } catch (error) {
      if (isConnectionLost(error)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new SandboxError(`the sandbox's container stopped while the command ran (${info.State.Status}, exit ${info.State.ExitCode})`, 'Start the sandbox again and retry');
}

export async function spawnCommand(
  docker: Docker,
  container: Docker.Container,
  argv: readonly string[],
  options: Pick<CommandOptions, 'cwd' | 'env' | 'keeper'> = {},
): Promise<SandboxProcess> {
  const command = await startCommand(docker, container, argv, options, true);
  // A sandbox that ends under the command may leave its connection open: give up on it then (exit code null).
  const sandbox = watchSandbox(container, command.exec, () => command.abandon());
  void command.ended.then(() => sandbox.stop());
  // Ending stdin half-closes the connection, which Docker passes on as EOF; the output keeps flowing.
  const stdin = new Writable({
    write: (chunk, encoding, callback) => command.socket.write(chunk, encoding, callback),
    final: (callback) => {
      command.socket.end();
      callback();
    },
  });
  return {
    stdin,
    stdout: command.stdout,
    stderr: command.stderr,
    exited: command.ended.then(async () => ({ exitCode: sandbox.lost() ? null : await exitCodeOf(command.exec) })),
    kill: async () => {
      await killMarked(docker, container, command.marker, command.exec, options.keeper);
    },
  };
}
