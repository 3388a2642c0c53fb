import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file so that readers see the old or the new content, never a torn one: temp file, fsync, rename, fsync the directory. */
export function writeFileAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // Directories cannot be fsynced on every platform (Windows); the rename is still atomic.
  }
}

export type JsonRead<T> = { status: 'missing' } | { status: 'ok'; value: T } | { status: 'corrupt'; backup: string; error: string };

/**
 * Reads a JSON file. A file that does not parse, or that `validate` rejects, is
 * moved aside to `<file>.corrupt-<time>` (never silently dropped) and reported.
 */
export function readJsonFile<T>(file: string, validate: (value: unknown) => value is T): JsonRead<T> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw error;
  }
  let problem: string;
  try {
    const value: unknown = JSON.parse(text);
    if (validate(value)) return { status: 'ok', value };
    problem = 'unexpected structure';
  } catch (error) {
    problem = (error as Error).message;
  }
  const backup = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, backup);
  return { status: 'corrupt', backup, error: problem };
}
