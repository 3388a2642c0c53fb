import type Docker from 'dockerode';
import type { Mount, ResourceLimits, SandboxRecord } from '../engine';
import { type Identity, userSpec } from './identity';
import { containerName, workVolumeName } from './names';
import { keeperCommand } from './processKiller';

export const WORK_DIR = '/work';
export const ORDINARY_HOSTNAME = 'workstation';
export const VENV_BIN = `${WORK_DIR}/.venv/bin`;
export const SANDBOX_PATH = `${VENV_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

export const DEFAULT_LIMITS: Required<ResourceLimits> = {
  cpus: 2,
  memoryBytes: 1024 * 1024 * 1024,
  pids: 256,
};

const MIB = 1024 * 1024;
const CPU_PERIOD_US = 100_000;

export function effectiveLimits(limits: ResourceLimits = {}): Required<ResourceLimits> {
  return { ...DEFAULT_LIMITS, ...limits };
}

/** /tmp lives in memory and counts against the memory limit: give it at most a quarter. */
function tmpfsSize(memoryBytes: number): string {
  return `${Math.max(16, Math.floor(memoryBytes / 4 / MIB))}m`;
}

/**
 * Sandboxes made for one run (gate, debug, profile, ephemeral) live only as long as the process that made it: Docker
 * removes the container and its anonymous work volume when the keeper ends (see KeeperChannel). User sandboxes stay.
 */
export const isBoundToOwner = (record: Pick<SandboxRecord, 'purpose'>): boolean => record.purpose !== 'user';

/** Everything `docker create` needs for a locked-down, idle sandbox container. */
export function hardenedContainerOptions(
  record: SandboxRecord,
  labels: Record<string, string>,
  /** Who it runs as, and the mounts bound (the others of record.mounts are copied in after it starts). */
  options: { identity: Identity; binds: readonly Mount[] },
): Docker.ContainerCreateOptions {
  const limits = effectiveLimits(record.limits);
  const bound = isBoundToOwner(record);
  return {
    name: containerName(record.name),
    Image: record.image,
    // Idle until told what to do, holding a process that can kill exec'd commands without forking (the keeper reads
    // its orders on stdin); the init (tini) reaps the zombies exec'd commands leave.
    Cmd: keeperCommand(bound),
    OpenStdin: true,
    // Bound to its owner: the first attachment (the owner's) closing closes the keeper's stdin.
    StdinOnce: bound,
    Entrypoint: [],
    User: userSpec(options.identity),
    WorkingDir: WORK_DIR,
    // An ordinary machine's name and user, not a container ID and "nobody": code that only acts on a "real" machine
    // checks such things first, and must get as far as acting to be seen.
    Hostname: ORDINARY_HOSTNAME,
    Env: [`PATH=${SANDBOX_PATH}`, 'HOME=/tmp', 'USER=developer', 'LOGNAME=developer', 'PYTHONUNBUFFERED=1', 'PIP_DISABLE_PIP_VERSION_CHECK=1'],
    Labels: labels,
    StopSignal: 'SIGKILL',
    HostConfig: {
      Init: true,
      NetworkMode: record.network === 'bridge' ? 'bridge' : 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${tmpfsSize(limits.memoryBytes)}` },
      Mounts: [
        bound
          ? ({ Type: 'volume', Target: WORK_DIR, ReadOnly: false, VolumeOptions: { Labels: labels } } as unknown as Docker.MountSettings)
          : { Type: 'volume', Source: workVolumeName(record.name), Target: WORK_DIR, ReadOnly: false },
        ...options.binds.map((m) => ({ Type: 'bind' as const, Source: m.hostPath, Target: m.sandboxPath, ReadOnly: m.readOnly })),
      ],
      PidsLimit: limits.pids,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      CpuPeriod: CPU_PERIOD_US,
      CpuQuota: Math.round(limits.cpus * CPU_PERIOD_US),
      CpuShares: 512,
      BlkioWeight: 300,
      RestartPolicy: { Name: 'no' },
      AutoRemove: bound,
      LogConfig: { Type: 'none', Config: {} },
    },
  };
}

export const memoryLimitMiB = (bytes: number): number => Math.round(bytes / MIB);
