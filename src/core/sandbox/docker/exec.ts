import type Docker from 'dockerode';
import { PassThrough, type Duplex, Writable } from 'node:stream';
import type { ExecOptions, ExecResult, SandboxProcess } from '../engine';
import { WORK_DIR } from './hardening';
import { killMarked, newMarker } from './processKiller';
import { outOfMemorySince } from './oomEvents';

/** Snakepit's own housekeeping may run a command as another user (root, still without capabilities). */
type CommandOptions = ExecOptions & { user?: string };

interface StartedCommand {
  exec: Docker.Exec;
  socket: Duplex;
  stdout: PassThrough;
  stderr: PassThrough;
  marker: string;
  /** Resolves once the command's output has ended. */
  ended: Promise<void>;
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
  const ended = new Promise<void>((resolve) => {
    const finish = () => {
      stdout.end();
      stderr.end();
      resolve();
    };
    socket.once('end', finish);
    socket.once('close', finish);
    socket.once('error', finish);
  });
  return { exec, socket, stdout, stderr, marker, ended };
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
  const stop = () => (killing ??= killMarked(container, command.marker));
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    void stop();
  }, options.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    void stop();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await command.ended;
    if (killing) await killing;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const exitCode = await exitCodeOf(command.exec);
  const outOfMemory = exitCode === KILLED_BY_SIGKILL && !timedOut && !cancelled && (await outOfMemorySince(docker, container.id, startedAt, 1000));
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

export async function spawnCommand(
  docker: Docker,
  container: Docker.Container,
  argv: readonly string[],
  options: Pick<ExecOptions, 'cwd' | 'env'> = {},
): Promise<SandboxProcess> {
  const command = await startCommand(docker, container, argv, options, true);
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
    exited: command.ended.then(async () => ({ exitCode: await exitCodeOf(command.exec) })),
    kill: async () => {
      await killMarked(container, command.marker);
    },
  };
}
