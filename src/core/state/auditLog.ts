import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AuditEntry {
  time: string;
  /** Who asked: `cli`, `vscode`, `gate`, `debug`, `reaper`. */
  actor: string;
  sandbox: string;
  operation: string;
  args: Record<string, unknown>;
  result: 'ok' | 'error';
  error?: string;
  durationMs: number;
}

/** An append-only JSON-lines log of every sandbox operation. */
export class AuditLog {
  constructor(readonly file: string) {}

  append(entry: AuditEntry): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // One write of one line with O_APPEND: concurrent writers (CLI and extension) do not interleave within a line.
    fs.appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /** The last `limit` entries, optionally for one sandbox, oldest first; unparsable lines are skipped. */
  read(options: { sandbox?: string; limit?: number } = {}): AuditEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const entries: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as AuditEntry;
        if (!options.sandbox || entry.sandbox === options.sandbox) entries.push(entry);
      } catch {
        // A line torn by a crash mid-write is skipped, not fatal.
      }
    }
    return options.limit ? entries.slice(-options.limit) : entries;
  }

  /** Runs `operation`, logging its outcome and duration whether it succeeds or throws. */
  async record<T>(actor: string, sandbox: string, operation: string, args: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const entry = (result: 'ok' | 'error', error?: string): AuditEntry => ({
      time: new Date(started).toISOString(),
      actor,
      sandbox,
      operation,
      args,
      result,
      ...(error ? { error } : {}),
      durationMs: Date.now() - started,
    });
    try {
      const value = await run();
      this.append(entry('ok'));
      return value;
    } catch (error) {
      this.append(entry('error', error instanceof Error ? error.message : String(error)));
      throw error;
    }
  }
}
