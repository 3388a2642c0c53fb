import * as os from 'node:os';
import * as path from 'node:path';

/** The CLI's cache directory (XDG_CACHE_HOME, else ~/.cache), `snakepit` below it. */
export function cacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'snakepit');
}

/** The CLI's state directory (XDG_STATE_HOME, else ~/.local/state), `snakepit` below it. */
export function stateDir(): string {
  return path.join(process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'snakepit');
}
