import * as fs from 'node:fs';
import * as path from 'node:path';
import { processStartTime } from '../owner';
import { killTree } from './processTree';

/**
 * The commands running in a sandbox, kept as files `<dir>/run/<pid>` holding the process's start time,
 * so another Snakepit process (the CLI next to the extension) sees them too and a reused pid is not mistaken.
 */
export function registerCommand(runDir: string, pid: number): void {
  fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(runDir, String(pid)), String(processStartTime(pid)));
}

export function unregisterCommand(runDir: string, pid: number): void {
  fs.rmSync(path.join(runDir, String(pid)), { force: true });
}

/** Host pids of the commands still running; stale entries are removed on the way. */
export function liveCommands(runDir: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(runDir);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let recorded = -1;
    try {
      recorded = Number(fs.readFileSync(path.join(runDir, entry), 'utf8'));
    } catch {
      continue;
    }
    const startedAt = processStartTime(pid);
    if (startedAt !== 0 && startedAt === recorded) live.push(pid);
    else unregisterCommand(runDir, pid);
  }
  return live;
}

export function killLiveCommands(runDir: string): void {
  for (const pid of liveCommands(runDir)) {
    killTree(pid);
    unregisterCommand(runDir, pid);
  }
}
