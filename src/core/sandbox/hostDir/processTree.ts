import * as fs from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  rssBytes: number;
}

const PAGE_SIZE = 4096;

/** Every process visible in /proc (Linux), by pid. */
export function listProcesses(): Map<number, ProcessInfo> {
  const processes = new Map<number, ProcessInfo>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 2 (the command name) may hold spaces and parentheses: count from its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), {
        pid: Number(entry),
        ppid: Number(fields[1]),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
        rssBytes: Number(fields[21]) * PAGE_SIZE,
      });
    } catch {
      // It ended while we looked.
    }
  }
  return processes;
}

/** The process and all its descendants. */
export function processTree(root: number, processes = listProcesses()): ProcessInfo[] {
  const children = new Map<number, number[]>();
  for (const info of processes.values()) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info.pid]);
  const tree: ProcessInfo[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    const info = processes.get(pid);
    if (!info) continue;
    tree.push(info);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** SIGKILLs a process, its process group and every descendant found now (a descendant that called setsid is still found). */
export function killTree(pid: number): void {
  const tree = processTree(pid);
  for (const target of [-pid, ...tree.map((info) => info.pid)]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
