import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResourceLimits } from '../engine';

const CGROUP_ROOT = '/sys/fs/cgroup';
const CPU_PERIOD_US = 100_000;

/** A cgroup per sandbox (`snakepit/<name>`) with its limits set; every command of the sandbox joins it. */
export interface SandboxCgroup {
  version: 1 | 2;
  /** The `cgroup.procs` files a command writes its pid to (one per v1 controller). */
  procsFiles: string[];
  oomKills(): number;
}

export function cgroupVersion(): 1 | 2 | undefined {
  if (fs.existsSync(path.join(CGROUP_ROOT, 'cgroup.controllers'))) return 2;
  if (fs.existsSync(path.join(CGROUP_ROOT, 'memory', 'memory.limit_in_bytes'))) return 1;
  return undefined;
}

/**
 * Makes (or reuses) the sandbox's cgroup and writes its limits; undefined when cgroups are not writable
 * for us (an ordinary user without delegation), in which case the caller falls back to rlimits.
 */
export function sandboxCgroup(name: string, limits: ResourceLimits): SandboxCgroup | undefined {
  try {
    const version = cgroupVersion();
    if (version === 1) return v1Cgroup(name, limits);
    if (version === 2) return v2Cgroup(name, limits);
  } catch {
    // Not writable (EACCES, EROFS) or a controller is missing: rlimits only.
  }
  return undefined;
}

/**
 * Removes the sandbox's cgroups if they exist. A cgroup can only go once empty, and killed processes
 * leave it a moment after they are reaped, so this retries briefly.
 */
export async function removeSandboxCgroup(name: string): Promise<void> {
  const dirs = [path.join(CGROUP_ROOT, 'snakepit', name), ...['memory', 'pids', 'cpu'].map((controller) => path.join(CGROUP_ROOT, controller, 'snakepit', name))];
  for (let attempt = 0; attempt < 10; attempt++) {
    const busy = dirs.filter((dir) => {
      try {
        fs.rmdirSync(dir);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EBUSY';
      }
    });
    if (busy.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function v1Cgroup(name: string, limits: ResourceLimits): SandboxCgroup {
  const dirOf = (controller: string) => path.join(CGROUP_ROOT, controller, 'snakepit', name);
  const used: string[] = [];
  if (limits.memoryBytes !== undefined) {
    const dir = makeDir(dirOf('memory'));
    fs.writeFileSync(path.join(dir, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    // Without swap accounting this file is absent; with it, swap must not extend the limit.
    writeIfPresent(path.join(dir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
    used.push(dir);
  }
  if (limits.pids !== undefined) {
    const dir = makeDir(dirOf('pids'));
    fs.writeFileSync(path.join(dir, 'pids.max'), String(limits.pids));
    used.push(dir);
  }
  if (limits.cpus !== undefined) {
    const dir = makeDir(dirOf('cpu'));
    fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
    fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(Math.round(limits.cpus * CPU_PERIOD_US)));
    used.push(dir);
  }
  return {
    version: 1,
    procsFiles: used.map((dir) => path.join(dir, 'cgroup.procs')),
    oomKills: () => counter(path.join(dirOf('memory'), 'memory.oom_control'), 'oom_kill'),
  };
}

function v2Cgroup(name: string, limits: ResourceLimits): SandboxCgroup {
  const parent = makeDir(path.join(CGROUP_ROOT, 'snakepit'));
  fs.writeFileSync(path.join(parent, 'cgroup.subtree_control'), '+memory +pids +cpu');
  const dir = makeDir(path.join(parent, name));
  if (limits.memoryBytes !== undefined) {
    fs.writeFileSync(path.join(dir, 'memory.max'), String(limits.memoryBytes));
    writeIfPresent(path.join(dir, 'memory.swap.max'), '0');
  }
  if (limits.pids !== undefined) fs.writeFileSync(path.join(dir, 'pids.max'), String(limits.pids));
  if (limits.cpus !== undefined) fs.writeFileSync(path.join(dir, 'cpu.max'), `${Math.round(limits.cpus * CPU_PERIOD_US)} ${CPU_PERIOD_US}`);
  return {
    version: 2,
    procsFiles: [path.join(dir, 'cgroup.procs')],
    oomKills: () => counter(path.join(dir, 'memory.events'), 'oom_kill'),
  };
}

/** `sh -c` that moves itself into the cgroups, then becomes the command: nothing runs outside them, not even briefly. */
export function joinCgroupPrefix(cgroup: SandboxCgroup | undefined): string[] {
  if (!cgroup || cgroup.procsFiles.length === 0) return [];
  const script = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"';
  return ['sh', '-c', script, 'snakepit-cgroup', String(cgroup.procsFiles.length), ...cgroup.procsFiles];
}

function makeDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function writeIfPresent(file: string, value: string): void {
  if (fs.existsSync(file)) fs.writeFileSync(file, value);
}

function counter(file: string, key: string): number {
  try {
    const line = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key} `));
    return line ? Number(line.split(' ')[1]) : 0;
  } catch {
    return 0;
  }
}
