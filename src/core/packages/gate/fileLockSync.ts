import * as fs from 'node:fs';
import * as path from 'node:path';

const STALE_AFTER_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function holderAlive(lock: string): boolean {
  try {
    const [pid, time] = fs.readFileSync(lock, 'utf8').split(' ').map(Number);
    if (Date.now() - time > STALE_AFTER_MS) return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Synchronous twin of `withFileLock` (src/core/state/fileLock.ts), same `<file>.lock` format, so
 * both kinds of holder exclude each other. For short critical sections (appending a line) where an
 * async API would force every caller to await.
 */
export function withFileLockSync<T>(file: string, fn: () => T, timeoutMs = 10_000): T {
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    try {
      fs.writeFileSync(lock, `${process.pid} ${Date.now()}`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive(lock)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${file} is locked by another Snakepit process (${lock}); try again, or delete the lock file if no Snakepit is running`);
      Atomics.wait(sleeper, 0, 0, wait);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
