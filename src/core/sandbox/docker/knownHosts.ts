import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export const hostToken = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

function nameMatches(pattern: string, token: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64') === hash;
  }
  return pattern.split(',').includes(token);
}

/**
 * The host keys known_hosts files list for `host:port` (plain or hashed names; @revoked lines never match and
 * @cert-authority lines are not taken), as the base64 of the key blob.
 */
export function knownKeys(files: readonly string[], host: string, port: number): string[] {
  const token = hostToken(host, port);
  const keys: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 3 || fields[0].startsWith('#') || fields[0].startsWith('@')) continue;
      if (fields[0].split(',').some((name) => nameMatches(name, token))) keys.push(fields[2]);
    }
  }
  return keys;
}
