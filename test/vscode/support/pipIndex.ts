import { execFileSync } from 'node:child_process';
import * as os from 'node:os';

/**
 * The first package index pip is configured with for this machine's user (read at test time, never hard-coded).
 * code-server runs with a throwaway HOME, so pip is asked with the user's own home from the password database.
 */
export function configuredIndex(): string | undefined {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: os.userInfo().homedir };
  delete env.XDG_CONFIG_HOME;
  for (const key of ['global.index-url', 'global.extra-index-url']) {
    try {
      const value = execFileSync('python3', ['-m', 'pip', 'config', 'get', key], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (value) return value.split(/\s+/)[0];
    } catch {
      // Not set: try the next key.
    }
  }
  return undefined;
}
