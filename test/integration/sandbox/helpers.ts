import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every entry under `dir` with its type, mode, mtime and content hash (or link target): equal listings, equal trees. */
export function treeListing(dir: string): string[] {
  const lines: string[] = [];
  const visit = (current: string) => {
    const stat = fs.lstatSync(current);
    const relative = path.relative(dir, current) || '.';
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isSymbolicLink()) lines.push(`l ${relative} -> ${fs.readlinkSync(current)}`);
    else if (stat.isDirectory()) {
      lines.push(`d ${relative} ${mode} ${stat.mtimeMs}`);
      for (const entry of fs.readdirSync(current).sort()) visit(path.join(current, entry));
    } else lines.push(`f ${relative} ${mode} ${stat.mtimeMs} ${createHash('sha256').update(fs.readFileSync(current)).digest('hex')}`);
  };
  visit(dir);
  return lines;
}

/** Host pids of processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {
      // Ended meanwhile.
    }
  }
  return found;
}

/** `kill -0` succeeds, and it is not a zombie waiting for an init that may never reap it. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export const sleepPython = (marker: string) => ['python', '-c', 'import sys, time; time.sleep(600)', marker];

/**
 * Host pids still carrying `marker` after up to `withinMs`: a killed tree's last process can
 * outlive its parent's exit by a few milliseconds while the kernel tears the PID namespace down.
 */
export async function survivorsWith(marker: string, withinMs = 3000): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const alive = processesWith(marker).filter(isAlive);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
