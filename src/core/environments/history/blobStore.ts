import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * File contents by sha256 (`<root>/ab/<sha256>`, read-only), shared by every environment's history: a
 * state that differs from the previous one by one package stores only that package's new files.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  path(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.path(sha256));
  }

  /** Stores `content` under its digest (given, computed by the caller from these bytes). Appears whole or not at all. */
  put(sha256: string, content: Buffer): void {
    const target = this.path(sha256);
    if (fs.existsSync(target)) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, content, { mode: 0o444 });
    fs.renameSync(temp, target);
  }
}
