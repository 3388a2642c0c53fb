import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstalledDistribution } from './types';

/** sha256 as RECORD writes it: urlsafe base64 without padding. */
export function recordHash(content: Buffer): string {
  return createHash('sha256').update(content).digest('base64url');
}

/** RECORD paths that no longer hash to what RECORD says (changed or missing files), sorted. */
export function modifiedFiles(dist: InstalledDistribution): string[] {
  const modified: string[] = [];
  for (const entry of dist.files) {
    if (!entry.hash) continue;
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
