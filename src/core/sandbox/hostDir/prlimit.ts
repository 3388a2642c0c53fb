import type { ResourceLimits } from '../engine';

export interface RlimitOptions {
  limits: ResourceLimits;
  /** Apply `limits.memoryBytes` as RLIMIT_AS (address space); off when a cgroup enforces memory instead. */
  addressSpace: boolean;
  /** RLIMIT_CPU in seconds: a safety net against a runaway that outlives its wall-clock timeout. */
  cpuSeconds?: number;
}

/**
 * `prlimit --nproc=N --as=BYTES --cpu=S --` to put before a command, or nothing when no limit applies.
 * Caveats: RLIMIT_NPROC counts every process of the user's uid (with --unshare-user the uid inside maps
 * to the user outside) and root ignores it; RLIMIT_AS counts virtual memory, so it is stricter than RSS.
 */
export function prlimitPrefix(options: RlimitOptions): string[] {
  const args: string[] = [];
  if (options.limits.pids !== undefined) args.push(`--nproc=${options.limits.pids}`);
  if (options.addressSpace && options.limits.memoryBytes !== undefined) args.push(`--as=${options.limits.memoryBytes}`);
  if (options.cpuSeconds !== undefined) args.push(`--cpu=${Math.max(1, Math.ceil(options.cpuSeconds))}`);
  return args.length > 0 ? ['prlimit', ...args, '--'] : [];
}

/** A CPU-seconds ceiling that a command with this wall-clock timeout can only hit if something is wrong. */
export function cpuSecondsFor(timeoutMs: number | undefined, limits: ResourceLimits, hostCpus: number): number | undefined {
  if (timeoutMs === undefined) return undefined;
  return (timeoutMs / 1000) * Math.max(1, limits.cpus ?? hostCpus) + 1;
}

export function formatBytes(bytes: number): string {
  const mib = bytes / (1 << 20);
  return mib >= 1024 ? `${Number((mib / 1024).toFixed(1))} GiB` : `${Number(mib.toFixed(1))} MiB`;
}
