import type { SandboxStats } from '../engine';
import { listProcesses, processTree, type ProcessInfo } from './processTree';

const CLOCK_TICKS_PER_SECOND = 100;
const SAMPLE_MS = 100;

/**
 * CPU, memory and process count summed over the process trees of the given commands, from /proc.
 * Best effort: CPU% comes from two samples 100 ms apart, memory is the sum of RSS (shared pages count twice),
 * and disk and network counters are not measured (always 0).
 */
export async function commandStats(pids: number[], memoryLimitBytes?: number): Promise<SandboxStats> {
  const before = sample(pids);
  await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
  const after = sample(pids);
  let ticks = 0;
  for (const [pid, info] of after) ticks += info.cpuTicks - (before.get(pid)?.cpuTicks ?? info.cpuTicks);
  const values = [...after.values()];
  return {
    cpuPercent: (ticks / CLOCK_TICKS_PER_SECOND / (SAMPLE_MS / 1000)) * 100,
    memoryBytes: values.reduce((sum, info) => sum + info.rssBytes, 0),
    memoryLimitBytes,
    pids: values.length,
    blockReadBytes: 0,
    blockWriteBytes: 0,
    networkRxBytes: 0,
    networkTxBytes: 0,
  };
}

function sample(pids: number[]): Map<number, ProcessInfo> {
  const processes = listProcesses();
  return new Map(pids.flatMap((pid) => processTree(pid, processes)).map((info) => [info.pid, info]));
}
