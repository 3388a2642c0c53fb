import { PassThrough } from 'node:stream';
import type { SandboxProcess } from '../engine';

/**
 * A spawned command of a fake sandbox. The test plays the command: it reads what the caller writes to `stdin`,
 * writes the command's output to `stdout`/`stderr` (PassThroughs, readable by the caller, writable by the test)
 * and ends it with `exit(code)`. `kill()` ends it with exit code null, like a killed process.
 */
export class FakeProcess implements SandboxProcess {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly exited: Promise<{ exitCode: number | null }>;
  /** Everything written to stdin so far. */
  readonly input: Buffer[] = [];
  private settle!: (value: { exitCode: number | null }) => void;
  private ended = false;
  /** True once `kill()` was called (by the caller, a stop or a destroy). */
  killed = false;
  exitCode: number | null | undefined;

  constructor(
    readonly sandbox: string,
    readonly argv: readonly string[],
    readonly options: { cwd?: string; env?: Record<string, string> } = {},
  ) {
    this.exited = new Promise((resolve) => (this.settle = resolve));
    this.stdin.on('data', (chunk: Buffer) => this.input.push(chunk));
  }

  get running(): boolean {
    return !this.ended;
  }

  /** Everything written to stdin so far, as text. */
  inputText(): string {
    return Buffer.concat(this.input).toString('utf8');
  }

  /** Ends the command: its output streams end, `exited` resolves. A second call does nothing. */
  exit(exitCode: number | null): void {
    if (this.ended) return;
    this.ended = true;
    this.exitCode = exitCode;
    this.stdout.end();
    this.stderr.end();
    this.settle({ exitCode });
  }

  async kill(): Promise<void> {
    this.killed = true;
    this.exit(null);
    await this.exited;
  }
}
