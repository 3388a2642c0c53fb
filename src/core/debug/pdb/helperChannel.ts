import { EventEmitter } from 'node:events';
import type { SandboxProcess } from '../../sandbox/engine';

export interface HelperEvent {
  type: 'event';
  event: string;
  body: Record<string, unknown>;
}

interface HelperResponse {
  type: 'response';
  id: number;
  success: boolean;
  body?: unknown;
  message?: string;
}

export class HelperRequestError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = 'HelperRequestError';
  }
}

/**
 * JSON lines to and from python/snakepit_pdb over the process's stdin/stdout.
 * Emits 'event' (HelperEvent), 'stderr' (text) and 'exit' ({ exitCode }) once the process ends.
 */
export class HelperChannel extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, { command: string; resolve: (body: unknown) => void; reject: (error: Error) => void }>();
  private buffered = '';
  private ended = false;

  constructor(private readonly process: SandboxProcess) {
    super();
    process.stdout.setEncoding('utf8');
    process.stdout.on('data', (chunk: string) => this.receive(chunk));
    process.stderr.setEncoding('utf8');
    process.stderr.on('data', (chunk: string) => this.emit('stderr', chunk));
    process.stdin.on('error', () => undefined);
    void process.exited.then(({ exitCode }) => {
      this.ended = true;
      for (const [, waiter] of this.pending) waiter.reject(new HelperRequestError(waiter.command, `the pdb bridge ended (exit code ${exitCode ?? 'none'}) before answering ${waiter.command}`));
      this.pending.clear();
      this.emit('exit', { exitCode });
    });
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  request<T = Record<string, unknown>>(command: string, args: object = {}): Promise<T> {
    if (this.ended) return Promise.reject(new HelperRequestError(command, `the pdb bridge has ended; cannot ${command}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (body: unknown) => void, reject });
      this.process.stdin.write(`${JSON.stringify({ id, command, arguments: args })}\n`);
    });
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      if (line) this.dispatch(line);
    }
  }

  private dispatch(line: string): void {
    let message: HelperEvent | HelperResponse;
    try {
      message = JSON.parse(line) as HelperEvent | HelperResponse;
    } catch {
      this.emit('stderr', `pdb bridge: unexpected output: ${line}\n`);
      return;
    }
    if (message.type === 'event') {
      this.emit('event', message);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.success) waiter.resolve(message.body ?? {});
    else waiter.reject(new HelperRequestError(waiter.command, message.message ?? `${waiter.command} failed`));
  }
}
