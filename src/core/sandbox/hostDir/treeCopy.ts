import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { SandboxError } from '../engine';

/**
 * Copies a directory tree keeping modes, owners, mtimes and symlinks (never following them).
 * GNU `cp --reflink=auto` shares blocks on btrfs/xfs/… and falls back to a real copy elsewhere;
 * on ext4 (no reflinks) it still beat `fs.cp` by 1.2-2x on 200 MB (bench/sandbox-bwrap.ts).
 * Hardlinks are not an option: an in-place write inside the sandbox would change the snapshot too.
 */
export async function copyTree(source: string, destination: string): Promise<void> {
  try {
    await promisify(execFile)('cp', ['-a', '--reflink=auto', '--no-target-directory', source, destination], { maxBuffer: 1 << 20 });
  } catch (error) {
    await removeTree(destination);
    throw new SandboxError(`Could not copy ${source} to ${destination}: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
  }
}

export async function removeTree(target: string): Promise<void> {
  await fs.promises.rm(target, { recursive: true, force: true, maxRetries: 3 });
}
