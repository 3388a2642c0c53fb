import type { ExecResult, ResourceLimits } from '../engine';
import { formatBytes } from './prlimit';

export interface ExitContext {
  limits: ResourceLimits;
  /** The sandbox's cgroup counted an OOM kill during the command. */
  oomKilled: boolean;
  /** Memory was limited through RLIMIT_AS (no cgroup): allocations fail instead of the kernel killing. */
  addressSpaceLimited: boolean;
  /** bwrap reports a command killed by signal N as exit code 128+N. */
  exitCodeCarriesSignal: boolean;
  /** Added to every reason (the venv engine: "not isolated"). */
  suffix?: string;
}

const SIGKILL = 9;
const SIGXCPU = 24;
const ALLOCATION_FAILURE = /MemoryError|Cannot allocate memory|std::bad_alloc|out of memory/i;

/** Fills `reason` (and nulls `exitCode` for kills) so the caller can tell the user why a command died. */
export function explainExit(result: ExecResult, context: ExitContext): ExecResult {
  const withSuffix = (reason: string) => (context.suffix ? `${reason} (${context.suffix})` : reason);
  if (result.reason) return { ...result, reason: withSuffix(result.reason) };
  const memory = context.limits.memoryBytes !== undefined ? formatBytes(context.limits.memoryBytes) : undefined;
  if (context.oomKilled) return { ...result, exitCode: null, reason: withSuffix(`killed: out of memory (limit ${memory ?? 'unknown'})`) };
  const signal = context.exitCodeCarriesSignal && result.exitCode !== null && result.exitCode > 128 ? result.exitCode - 128 : undefined;
  if (signal === SIGXCPU) return { ...result, exitCode: null, reason: withSuffix('killed: CPU time limit reached') };
  if (result.exitCode !== 0 && context.addressSpaceLimited && ALLOCATION_FAILURE.test(result.stderr.slice(-4096))) {
    return { ...result, reason: withSuffix(`out of memory (address-space limit ${memory})`) };
  }
  if (signal === SIGKILL) return { ...result, exitCode: null, reason: withSuffix('killed (SIGKILL)') };
  return result;
}
