import * as fs from 'node:fs';
import * as path from 'node:path';

const STALE_AFTER_MS = 30_000;

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
 * Runs `fn` holding `<file>.lock` (created exclusively), so the CLI and the
 * extension do not overwrite each other's changes. A lock whose holder died is taken over.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
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
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
