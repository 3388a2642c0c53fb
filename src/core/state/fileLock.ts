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

/** One attempt at `<file>.lock`: taken, or busy (held by a live process). A lock whose holder died is taken over. */
function tryLock(file: string, lock: string, deadline: number): 'taken' | 'busy' {
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid} ${Date.now()}`, { flag: 'wx' });
      return 'taken';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holderAlive(lock)) break;
      fs.rmSync(lock, { force: true });
    }
  }
  if (Date.now() > deadline) throw new Error(`${file} is locked by another Snakepit process (${lock}); try again, or delete the lock file if no Snakepit is running`);
  return 'busy';
}

function lockPath(file: string): string {
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  return lock;
}

/**
 * Runs `fn` holding `<file>.lock` (created exclusively), so the CLI and the
 * extension do not overwrite each other's changes. A lock whose holder died is taken over.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const lock = lockPath(file);
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; tryLock(file, lock, deadline) === 'busy'; wait = Math.min(wait * 2, 200)) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * `withFileLock` for short synchronous critical sections (appending a line), where an async API
 * would force every caller to await. Same lock file, so both kinds of holder exclude each other.
 */
export function withFileLockSync<T>(file: string, fn: () => T, timeoutMs = 10_000): T {
  const lock = lockPath(file);
  const deadline = Date.now() + timeoutMs;
  for (let wait = 2; tryLock(file, lock, deadline) === 'busy'; wait = Math.min(wait * 2, 100)) {
    Atomics.wait(sleeper, 0, 0, wait);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
