import * as fs from 'node:fs';
import * as os from 'node:os';
import type { SandboxRecord } from './engine';

/** A process's start time in clock ticks since boot (Linux), so a reused pid is not taken for its predecessor. */
export function processStartTime(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return 0;
  }
}

export function currentOwner(): SandboxRecord['owner'] {
  return { pid: process.pid, startedAt: processStartTime(process.pid), hostname: os.hostname() };
}

/** Whether the process that created a sandbox still runs (always true for another host's sandboxes: we cannot tell). */
export function isOwnerAlive(owner: SandboxRecord['owner']): boolean {
  if (owner.hostname !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const startedAt = processStartTime(owner.pid);
  return owner.startedAt === 0 || startedAt === 0 || startedAt === owner.startedAt;
}
