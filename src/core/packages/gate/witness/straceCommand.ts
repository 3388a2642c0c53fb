/**
 * The second witness below Python: `strace -f` around the import probe, recording the system calls that matter
 * (processes, connections, opens) with the process ids and wall-clock times the audit hook's events carry too.
 * Only those calls stop the traced processes (`--seccomp-bpf`), so imports run at nearly full speed.
 */
export const TRACED_SYSCALLS = ['execve', 'execveat', 'clone', 'clone3', 'fork', 'vfork', 'connect', 'sendto', 'sendmsg', 'sendmmsg', 'open', 'openat', 'openat2', 'creat'] as const;

const STRACE_OPTIONS = ['-f', '-qq', '-ttt', '-y', '-s', '256', '-e', 'signal=none', '-e', `trace=${TRACED_SYSCALLS.join(',')}`];

/** How strace stops the traced processes: only at the traced calls (a seccomp filter), or at every call (plain ptrace). */
export type TraceMode = 'seccomp-bpf' | 'ptrace';

function options(mode: TraceMode): string[] {
  return mode === 'seccomp-bpf' ? ['--seccomp-bpf', ...STRACE_OPTIONS] : STRACE_OPTIONS;
}

/** `argv` run under strace, the trace written to `tracePath` (inside the sandbox). */
export function tracedArgv(tracePath: string, argv: readonly string[], mode: TraceMode = 'seccomp-bpf'): string[] {
  return ['strace', ...options(mode), '-o', tracePath, '--', ...argv];
}

/** A command that succeeds only where strace can trace in this sandbox this way (present, ptrace and, for seccomp-bpf, seccomp allowed). */
export function straceCheckArgv(mode: TraceMode = 'seccomp-bpf'): string[] {
  return ['strace', ...options(mode), '-o', '/dev/null', '--', 'true'];
}
