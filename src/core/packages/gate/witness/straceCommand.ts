/**
 * The second witness below Python: `strace -f` around the import probe, recording the system calls that matter
 * (processes, connections, opens) with the process ids and wall-clock times the audit hook's events carry too.
 * Only those calls stop the traced processes (`--seccomp-bpf`), so imports run at nearly full speed.
 */
export const TRACED_SYSCALLS = ['execve', 'execveat', 'clone', 'clone3', 'fork', 'vfork', 'connect', 'sendto', 'sendmsg', 'sendmmsg', 'open', 'openat', 'openat2', 'creat'] as const;

const STRACE_OPTIONS = ['-f', '-qq', '-ttt', '-y', '-s', '256', '--seccomp-bpf', '-e', 'signal=none', '-e', `trace=${TRACED_SYSCALLS.join(',')}`];

/** `argv` run under strace, the trace written to `tracePath` (inside the sandbox). */
export function tracedArgv(tracePath: string, argv: readonly string[]): string[] {
  return ['strace', ...STRACE_OPTIONS, '-o', tracePath, '--', ...argv];
}

/** A command that succeeds only where strace can trace in this sandbox (present, ptrace and seccomp allowed). */
export function straceCheckArgv(): string[] {
  return ['strace', ...STRACE_OPTIONS, '-o', '/dev/null', '--', 'true'];
}
