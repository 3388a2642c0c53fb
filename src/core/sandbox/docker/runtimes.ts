import * as path from 'node:path';
import type Docker from 'dockerode';
import { type NetworkMode, type ResourceLimits, SandboxError, type SandboxRecord, type SandboxSpec } from '../engine';
import { effectiveLimits } from './hardening';

/**
 * The OCI runtime a docker sandbox's container runs under: `runc` (Linux namespaces and cgroups, the host's kernel
 * behind Docker's seccomp profile) or `runsc` (gVisor: a kernel in user space, the Sentry, answers the sandbox's system
 * calls; only it talks to the host's kernel, through a much smaller, filtered set).
 */
export type DockerRuntime = 'runc' | 'runsc';
/** What a user may ask for: `auto` = runsc where dockerd has it (and it can give the sandbox what it asks), else runc. */
export type DockerRuntimeChoice = DockerRuntime | 'auto';
export const DOCKER_RUNTIME_CHOICES: readonly DockerRuntimeChoice[] = ['auto', 'runc', 'runsc'];

export const isRuntimeChoice = (value: unknown): value is DockerRuntimeChoice => DOCKER_RUNTIME_CHOICES.includes(value as DockerRuntimeChoice);

/** The label on a sandbox's container naming its runtime (`HostConfig.Runtime` says it too; the label survives in listings). */
export const RUNTIME_LABEL = 'snakepit.runtime';

/** A docker sandbox's spec: SandboxSpec plus the runtime (the manager passes the spec on to the engine as it is). */
export interface DockerSandboxSpec extends SandboxSpec {
  runtime?: DockerRuntimeChoice;
  /** Where the runtime choice came from, for error messages ("setting snakepit.sandbox.runtime", "--runtime"). */
  runtimeSetting?: string;
}

/** A docker sandbox's record: the runtime dockerd runs it under (absent in records made before runtimes were chosen). */
export interface DockerSandboxRecord extends SandboxRecord {
  runtime?: string;
}

/** A runtime as dockerd knows it (`docker info` → Runtimes). */
export interface RuntimeEntry {
  name: string;
  path: string;
  args: string[];
}

/** The runtimes dockerd has registered, and the one it uses when none is named. */
export interface DaemonRuntimes {
  defaultRuntime: string;
  runtimes: RuntimeEntry[];
}

export async function daemonRuntimes(docker: Docker): Promise<DaemonRuntimes> {
  const info = (await docker.info()) as { DefaultRuntime?: string; Runtimes?: Record<string, { path?: string; runtimeArgs?: string[] }> };
  const runtimes = Object.entries(info.Runtimes ?? {}).map(([name, entry]) => ({ name, path: entry.path ?? name, args: entry.runtimeArgs ?? [] }));
  return { defaultRuntime: info.DefaultRuntime ?? 'runc', runtimes };
}

const isGvisor = (entry: Pick<RuntimeEntry, 'name' | 'path'>) => entry.name === 'runsc' || path.basename(entry.path) === 'runsc';

/** The value of a runsc flag given in the runtime's registration (`--platform=ptrace` → ptrace), if any. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith(`--${flag}=`)) return args[i].slice(flag.length + 3);
    if (args[i] === `--${flag}` || args[i] === `-${flag}`) return args[i + 1];
  }
  return undefined;
}

/**
 * What differs between the runtimes, for the code that must know (tests, the gate, the UI) — asked of the engine
 * (`DockerEngine.runtimeTraits`), never worked out from the runtime's name elsewhere.
 */
export interface RuntimeTraits {
  /** The runtime's name as dockerd knows it. */
  runtime: string;
  /** Whose kernel the sandbox's system calls reach: the host's (runc and its kin) or gVisor's Sentry (runsc). */
  kernel: 'host' | 'gvisor';
  /** gVisor's platform (how the Sentry intercepts system calls: ptrace, systrap, kvm); undefined for runc. */
  platform?: string;
  /**
   * Whether the sandbox's own processes run under Docker's seccomp profile (`Seccomp: 2` in /proc/self/status).
   * Under gVisor they do not need to: their calls never reach the host's kernel, and the Sentry itself runs under a
   * seccomp filter of its own (not visible inside).
   */
  seccompInside: boolean;
  /** Whether `network: 'bridge'` gives the sandbox a network (runsc registered with `--network=none` has none). */
  bridgeNetwork: boolean;
  /**
   * How the pids limit is kept. `cgroup`: the host's pids cgroup counts the sandbox's processes (runc). `rlimit`:
   * under gVisor the host's pids cgroup counts the Sentry's own threads and stub processes (about 50 idle, several
   * per sandbox process on the ptrace platform), so it gets a ceiling for those and the sandbox's processes are
   * counted by gVisor's own kernel (RLIMIT_NPROC of the sandbox user, enforced per sandbox, not per host user).
   * `stats().pids` counts host tasks either way: under gVisor the Sentry's, not the sandbox's processes.
   */
  pidsLimit: 'cgroup' | 'rlimit';
  /** What a sandbox's process sees as its kernel's log: gVisor's own (`dmesg` prints "Starting gVisor..."). */
  kernelLog: 'host' | 'gvisor';
  /**
   * What the memory limit ends. `process`: the host's OOM killer picks the process that grew, the sandbox lives on
   * (runc). `sandbox`: the host's OOM killer sees one process, gVisor's Sentry, so the whole sandbox ends (a user
   * sandbox stops and can be started again, /tmp emptied; a one-run sandbox is removed, as it is when it ends). The
   * command's result says out of memory either way.
   */
  outOfMemory: 'process' | 'sandbox';
  /**
   * Whether a named pipe (or socket file) made in /work is a file on the work volume (runc), or lives only in gVisor's
   * Sentry (runsc: not in snapshots, not copied out, gone when the sandbox stops). Regular files, directories and
   * links are on the volume either way.
   */
  namedPipesOnVolume: boolean;
}

export function traitsOf(entry: Pick<RuntimeEntry, 'name' | 'path' | 'args'>): RuntimeTraits {
  if (!isGvisor(entry)) return { runtime: entry.name, kernel: 'host', seccompInside: true, bridgeNetwork: true, pidsLimit: 'cgroup', kernelLog: 'host', outOfMemory: 'process', namedPipesOnVolume: true };
  return {
    runtime: entry.name,
    kernel: 'gvisor',
    platform: flagValue(entry.args, 'platform') ?? 'default',
    seccompInside: false,
    bridgeNetwork: flagValue(entry.args, 'network') !== 'none',
    pidsLimit: 'rlimit',
    kernelLog: 'gvisor',
    outOfMemory: 'sandbox',
    namedPipesOnVolume: false,
  };
}

/** The registration that makes runsc usable by dockerd, as the errors show it. */
export const RUNSC_REGISTRATION =
  'add `"runtimes": {"runsc": {"path": "/usr/bin/runsc", "runtimeArgs": ["--platform=ptrace", "--network=none"]}}` to /etc/docker/daemon.json ' +
  '(merged with what is there; `apt-get install runsc` on Debian), then reload dockerd with `sudo kill -HUP $(pidof dockerd)` ' +
  '(running containers keep running) and check `docker info --format "{{json .Runtimes}}"`';

/**
 * The runtime a new sandbox gets. `undefined`: dockerd's default. `runc`/`runsc`: that one, or an error that names
 * the setting and says how to make it available. `auto`: runsc where dockerd has it and it can serve the sandbox
 * (a sandbox with network needs a runsc registered with a network), else runc.
 */
export function resolveRuntime(choice: DockerRuntimeChoice | undefined, daemon: DaemonRuntimes, network: NetworkMode, setting = 'the runtime setting'): RuntimeEntry {
  const byName = (name: string) => daemon.runtimes.find((r) => r.name === name);
  if (choice === undefined) return byName(daemon.defaultRuntime) ?? { name: daemon.defaultRuntime, path: daemon.defaultRuntime, args: [] };
  const runsc = byName('runsc');
  const runscServes = (entry: RuntimeEntry) => network === 'none' || traitsOf(entry).bridgeNetwork;
  if (choice === 'auto') {
    if (runsc && runscServes(runsc)) return runsc;
    return byName('runc') ?? { name: 'runc', path: 'runc', args: [] };
  }
  const entry = byName(choice);
  if (choice === 'runsc') {
    if (!entry) {
      throw new SandboxError(
        `gVisor was asked for (${setting} = runsc) but this Docker engine has no runsc runtime (it has: ${daemon.runtimes.map((r) => r.name).join(', ') || 'none listed'})`,
        `To register it, ${RUNSC_REGISTRATION}; or set ${setting} to auto or runc`,
      );
    }
    if (!runscServes(entry)) {
      throw new SandboxError(
        `the runsc runtime is registered with ${entry.args.join(' ')}, so a sandbox with network "${network}" would have no network under it (${setting} = runsc)`,
        `Use network none, register runsc without --network=none, or set ${setting} to auto (runc for sandboxes with a network)`,
      );
    }
    return entry;
  }
  if (!entry) throw new SandboxError(`this Docker engine has no ${choice} runtime (${setting} = ${choice}; it has: ${daemon.runtimes.map((r) => r.name).join(', ')})`, `Set ${setting} to auto`);
  return entry;
}

/** Host tasks (threads and stub processes) gVisor's Sentry and gofer hold idle, with room to spare. */
const GVISOR_BASE_TASKS = 128;
/**
 * Host tasks per sandbox process allowed under gVisor's ptrace platform. Idle, a process holds 7–9. A fork bomb at the
 * RLIMIT_NPROC limit holds no more processes, but every fork it retries costs the Sentry host tasks it frees only
 * slowly (measured at nproc 64: 1300 after 2 s, 2700 after 10 s, then the Sentry itself gives up near 3300). With 12
 * per process (896 in all) the Sentry panicked ("error initializing first thread: resource temporarily unavailable")
 * within a second, before a 3 s timeout could stop the bomb, and the whole sandbox died with it; with 64 the timeout
 * wins by a wide margin on a loaded machine.
 */
const GVISOR_TASKS_PER_PROCESS = 64;

/**
 * What the runtime changes in `docker create`'s HostConfig: the runtime itself, and under gVisor how the pids limit is
 * kept (see RuntimeTraits.pidsLimit): the sandbox's processes by RLIMIT_NPROC inside, and the host's pids cgroup a
 * ceiling for the Sentry's own tasks — with the plain limit it could not even start a command (measured: pids 64 left
 * the Sentry unable to start `chmod`). Under runc nothing but the runtime's name: RLIMIT_NPROC there would count every
 * process of the same host user, other sandboxes' included.
 */
export function runtimeHostConfig(entry: RuntimeEntry, limits: ResourceLimits | undefined): Partial<Docker.HostConfig> {
  const traits = traitsOf(entry);
  if (traits.pidsLimit === 'cgroup') return { Runtime: entry.name };
  const pids = effectiveLimits(limits).pids;
  return {
    Runtime: entry.name,
    PidsLimit: GVISOR_BASE_TASKS + pids * GVISOR_TASKS_PER_PROCESS,
    Ulimits: [{ Name: 'nproc', Soft: pids, Hard: pids }],
  };
}

/** In words, for the engine's reason line: "runsc (gVisor, platform ptrace, no network)". */
export function describeRuntime(entry: RuntimeEntry): string {
  const traits = traitsOf(entry);
  if (traits.kernel === 'host') return entry.name;
  return `${entry.name} (gVisor, platform ${traits.platform}${traits.bridgeNetwork ? '' : ', no network'})`;
}
