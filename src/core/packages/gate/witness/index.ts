import type { HostScratch } from '../../ingest/hostScratch';
import type { GateSandbox } from '../gateSandboxes';
import { tail } from '../gateReasons';
import { parseHookMarkers, parseProbeEvents, type ProbeEvent } from '../probe';
import { readSandboxFile } from '../probeCalls';
import { straceCheckArgv, tracedArgv, type TraceMode } from './straceCommand';
import { unseenActions } from './unseenActions';

export { parseStrace, type Syscall } from './parseStrace';
export { straceCheckArgv, tracedArgv, TRACED_SYSCALLS, type TraceMode } from './straceCommand';
export { unseenActions, type HookMarker, type UnseenAction } from './unseenActions';

/** At most this many unseen actions per probe run go into the events (the first ones: the rest repeat them). */
const MAX_UNSEEN = 40;
// Generous: it runs beside pip install, and a loaded machine took over 30 s to start it in one docker sandbox.
const CHECK_TIMEOUT_MS = 120_000;

/** The system-call trace of one sandbox's import probe, when strace can trace there. */
export interface SyscallWitness {
  available: boolean;
  /** Why the imports are watched by the audit hook alone. */
  unavailableBecause?: string;
  /** The probe command, under strace when available. */
  wrap(argv: readonly string[], tracePath: string): string[];
  /** What the trace saw that the hook's events (the events file's text) do not account for, as `syscall-only` events. */
  unseen(tracePath: string, eventsText: string, scratch: HostScratch): Promise<ProbeEvent[]>;
}

export async function syscallWitness(sandbox: GateSandbox): Promise<SyscallWitness> {
  let why: string | undefined;
  let mode: TraceMode | undefined;
  // A seccomp filter spares the untraced calls; where the sandbox's kernel will not let strace install one, plain ptrace.
  for (const tried of ['seccomp-bpf', 'ptrace'] as const) {
    try {
      const check = await sandbox.exec(straceCheckArgv(tried), { timeoutMs: CHECK_TIMEOUT_MS });
      if (check.exitCode === 0) {
        mode = tried;
        break;
      }
      if (check.exitCode === 127 || /not found|No such file/i.test(check.stderr)) {
        why = 'strace is not installed in the sandbox (docker: rebuild the image with .ci/provision-docker.sh or `snakepit image ensure --build-local`)';
        break;
      }
      why = `strace cannot trace here (${check.reason ?? `exit ${check.exitCode}`}: ${tail(check.stderr, 2, 200)})`;
    } catch (error) {
      why = `strace could not be started in the sandbox: ${(error as Error).message}`;
      break;
    }
  }
  if (!mode) return { available: false, unavailableBecause: why, wrap: (argv) => [...argv], unseen: async () => [] };
  const traceMode = mode;
  return {
    available: true,
    wrap: (argv, tracePath) => tracedArgv(tracePath, argv, traceMode),
    async unseen(tracePath, eventsText, scratch) {
      const trace = await readSandboxFile(sandbox, tracePath, scratch);
      if (trace === undefined) return [];
      const actions = unseenActions(trace, parseHookMarkers(eventsText), parseProbeEvents(eventsText));
      return actions.slice(0, MAX_UNSEEN).map((action) => ({
        phase: 'import',
        event: `syscall:${action.kind}`,
        kind: 'syscall-only',
        detail: `${action.detail} (pid ${action.pid})`,
        pid: action.pid,
        t: action.t,
        ...(action.module ? { module: action.module } : {}),
      }));
    },
  };
}
