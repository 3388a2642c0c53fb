import Docker from 'dockerode';
import type { PodmanEndpoint } from './endpoint';
import { hardLimit } from './hostLimits';

/** Open files a sandbox may have: plenty for pip and builds, and below any host's hard limit in practice. */
const NOFILE = { soft: 1024, hard: 4096 };
/**
 * RLIMIT_NPROC counts every process of the sandbox's uid on the host, not the sandbox's own (the pids cgroup holds
 * those): high enough not to bite, but no higher than the hard limit Snakepit itself has, a stand-in for the service's.
 */
const NPROC_CEILING = 32_768;

/**
 * Rootful Podman asks runc for nofile 1048576 and nproc 4194304 unless told otherwise (containers.conf
 * `default_ulimits`); where its service may not raise its own limits that far, every container fails to start with
 * "error setting rlimit type N: operation not permitted". Containers made here ask for limits that fit instead.
 */
export function fittingUlimits(): NonNullable<Docker.HostConfig['Ulimits']> {
  const nproc = Math.min(NPROC_CEILING, hardLimit('Max processes') ?? NPROC_CEILING);
  const nofileHard = Math.min(NOFILE.hard, hardLimit('Max open files') ?? NOFILE.hard);
  return [
    { Name: 'nofile', Soft: Math.min(NOFILE.soft, nofileHard), Hard: nofileHard },
    { Name: 'nproc', Soft: nproc, Hard: nproc },
  ];
}

/**
 * An Engine API client for Podman's service that gives every container it creates (sandboxes and the helpers that copy
 * their files) rlimits Podman can apply; rlimits the caller set itself (gVisor's nproc) are kept.
 */
export class PodmanClient extends Docker {
  constructor(endpoint: PodmanEndpoint) {
    super(endpoint.options);
  }

  // Only the promise form is used by Snakepit.
  override createContainer(options: Docker.ContainerCreateOptions): Promise<Docker.Container>;
  override createContainer(options: Docker.ContainerCreateOptions, callback?: (error?: unknown, result?: Docker.Container) => void): Promise<Docker.Container> | void {
    const own = options.HostConfig?.Ulimits ?? [];
    const ulimits = [...fittingUlimits().filter((u) => !own.some((o) => o.Name === u.Name)), ...own];
    const fitted = { ...options, HostConfig: { ...options.HostConfig, Ulimits: ulimits } };
    return callback ? super.createContainer(fitted, callback) : super.createContainer(fitted);
  }
}
