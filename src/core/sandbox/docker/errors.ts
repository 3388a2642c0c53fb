import { SandboxError } from '../engine';

interface DockerApiError {
  statusCode?: number;
  code?: string;
  syscall?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** The daemon's own words when it answered, else the transport error. */
export function dockerMessage(error: unknown): string {
  const e = error as DockerApiError;
  const fromDaemon = e?.json?.message;
  return (fromDaemon ?? e?.message ?? String(error)).trim();
}

export function isNotFound(error: unknown): boolean {
  return (error as DockerApiError)?.statusCode === 404;
}

/** A conflict such as "removal already in progress" or "is not paused". */
export function isConflict(error: unknown): boolean {
  const status = (error as DockerApiError)?.statusCode;
  return status === 409 || status === 304;
}

/** The engine's socket refused, vanished or broke (a missing host file in copy-in is ENOENT too, but not from connect). */
export function isConnectionLost(error: unknown): boolean {
  const e = error as DockerApiError;
  if (e instanceof EngineStoppedError) return true;
  if (e?.code === 'ENOENT') return e.syscall === 'connect';
  return (e?.code !== undefined && CONNECTION_LOST.has(e.code)) || /socket hang up/i.test(e?.message ?? '');
}

/** The engine's connection ended while a command ran, before Docker said how the command ended. */
export class EngineStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStoppedError';
  }
}

export function isImageMissing(error: unknown): boolean {
  return isNotFound(error) && /no such image|not found|pull access denied/i.test(dockerMessage(error));
}

export function imageMissingError(image: string, sandbox: string): SandboxError {
  return new SandboxError(
    `The image "${image}" for sandbox "${sandbox}" is not present in the Docker engine`,
    `Run \`snakepit image ensure --build-local\` or \`docker pull ${image}\`, then try again`,
  );
}

/** Turns any failure of `operation` on `sandbox` into a SandboxError that says what happened and what to do. */
export function toSandboxError(error: unknown, operation: string, sandbox: string, image?: string): SandboxError {
  if (error instanceof SandboxError) return error;
  if (image !== undefined && isImageMissing(error)) return imageMissingError(image, sandbox);
  if (isConnectionLost(error)) {
    // One sentence, as users quote it: what stopped, during what, why, and what to do.
    return new SandboxError(
      `Docker engine stopped responding during ${operation} of ${sandbox}: ${dockerMessage(error)}; start it again (e.g. \`sudo systemctl start docker\`) and retry`,
    );
  }
  if (isNotFound(error)) {
    return new SandboxError(
      `Sandbox "${sandbox}" is gone from the Docker engine (${operation}): ${dockerMessage(error)}`,
      'It was removed outside Snakepit; destroy it in Snakepit and create it again',
    );
  }
  return new SandboxError(`Docker ${operation} of sandbox "${sandbox}" failed: ${dockerMessage(error)}`);
}
