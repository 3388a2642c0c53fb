import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstalledDistribution } from './types';

/** sha256 as RECORD writes it: urlsafe base64 without padding. */
export function recordHash(content: Buffer): string {
  return createHash('sha256').update(content).digest('base64url');
}

/** A file's hex sha256 when something already hashed it (a history manifest), else undefined. */
export type DigestLookup = (absolutePath: string) => string | undefined;

/** RECORD paths that no longer hash to what RECORD says (changed or missing files), sorted. */
export function modifiedFiles(dist: InstalledDistribution, digestOf?: DigestLookup): string[] {
  const modified: string[] = [];
  for (const entry of dist.files) {
    if (!entry.hash) continue;
    const known = digestOf?.(path.resolve(dist.sitePackages, entry.path));
    if (known !== undefined) {
      if (Buffer.from(known, 'hex').toString('base64url') !== entry.hash) modified.push(entry.path);
      continue;
    }
    let content: Buffer;
    try {
      content = fs.readFileSync(path.resolve(dist.sitePackages, entry.path));
    } catch {
      modified.push(entry.path);
      continue;
    }
    if (recordHash(content) !== entry.hash) modified.push(entry.path);
  }
  return modified.sort();
}
