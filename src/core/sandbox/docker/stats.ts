import type Docker from 'dockerode';
import type { SandboxStats } from '../engine';

/** CPU use between Docker's two samples, as a share of one CPU (200 % = two CPUs busy). */
function cpuPercent(stats: Docker.ContainerStats): number {
  const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - (stats.precpu_stats.cpu_usage?.total_usage ?? 0);
  const systemDelta = (stats.cpu_stats.system_cpu_usage ?? 0) - (stats.precpu_stats.system_cpu_usage ?? 0);
  const cpus = stats.cpu_stats.online_cpus ?? stats.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/** Page cache is reclaimable: leave it out, as `docker stats` does (cgroup v1 `cache`, v2 `inactive_file`). */
function memoryInUse(memory: Docker.MemoryStats): number {
  const stats = (memory.stats ?? {}) as unknown as Record<string, number | undefined>;
  const cache = stats.total_inactive_file ?? stats.inactive_file ?? stats.cache ?? 0;
  return Math.max(0, (memory.usage ?? 0) - cache);
}

function blockBytes(stats: Docker.ContainerStats, op: 'read' | 'write'): number {
  return (stats.blkio_stats?.io_service_bytes_recursive ?? [])
    .filter((entry) => entry.op.toLowerCase() === op)
    .reduce((sum, entry) => sum + entry.value, 0);
}

export function toSandboxStats(stats: Docker.ContainerStats): SandboxStats {
  const networks = Object.values(stats.networks ?? {});
  const limit = stats.memory_stats.limit;
  return {
    cpuPercent: cpuPercent(stats),
    memoryBytes: memoryInUse(stats.memory_stats),
    ...(limit ? { memoryLimitBytes: limit } : {}),
    pids: stats.pids_stats?.current ?? 0,
    blockReadBytes: blockBytes(stats, 'read'),
    blockWriteBytes: blockBytes(stats, 'write'),
    networkRxBytes: networks.reduce((sum, n) => sum + n.rx_bytes, 0),
    networkTxBytes: networks.reduce((sum, n) => sum + n.tx_bytes, 0),
  };
}
