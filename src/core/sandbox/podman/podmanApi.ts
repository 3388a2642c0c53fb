import type Docker from 'dockerode';
import type { Availability } from '../engine';
import type { ContainerApi } from '../docker/containerApi';
import { dockerMessage } from '../docker/errors';
import { hardLimit } from './hostLimits';
import type { PodmanEndpoint } from './endpoint';

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
 * "error setting rlimit type N: operation not permitted". Sandboxes ask for limits that fit instead.
 */
function sandboxUlimits(): Docker.HostConfig['Ulimits'] {
  const nproc = Math.min(NPROC_CEILING, hardLimit('Max processes') ?? NPROC_CEILING);
  const nofileHard = Math.min(NOFILE.hard, hardLimit('Max open files') ?? NOFILE.hard);
  return [
    { Name: 'nofile', Soft: Math.min(NOFILE.soft, nofileHard), Hard: nofileHard },
    { Name: 'nproc', Soft: nproc, Hard: nproc },
  ];
}

const RLIMIT_NAMES: Record<string, string> = { '6': 'nproc', '7': 'nofile' };

export function podmanApi(endpoint: PodmanEndpoint): ContainerApi {
  return {
    kind: 'podman',
    product: 'Podman',
    available: (docker) => checkPodman(docker, endpoint),
    hostConfig: () => ({ Ulimits: sandboxUlimits() }),
    namedRuntimes: false,
    // --url makes the podman CLI a client of the same service (rootful or rootless, local or tcp).
    execCommand: () => ({ cli: 'podman', args: ['--url', endpoint.url, 'exec'] }),
    explain(message) {
      const rlimit = /error setting rlimit type (\d+)/.exec(message);
      if (rlimit) {
        const name = RLIMIT_NAMES[rlimit[1]] ?? `type ${rlimit[1]}`;
        return (
          `Podman could not give the container its ${name} limit: its service may not raise its own limits that high on this host. ` +
          `Set default_ulimits in /etc/containers/containers.conf (rootless: ~/.config/containers/containers.conf) to values ` +
          `at or below the service's own (\`grep -i -e processes -e 'open files' /proc/$(pgrep -f 'podman system service')/limits\`), e.g. ` +
          `default_ulimits = ["nofile=1024:4096", "nproc=4096:4096"], then restart the service`
        );
      }
      if (/container-init binary not found|catatonit/.test(message)) {
        return 'Podman needs its init, catatonit, for sandboxes (they run with an init that reaps processes): install it (`apt-get install catatonit`), or set init_path in containers.conf';
      }
      return undefined;
    },
  };
}

async function checkPodman(docker: Docker, endpoint: PodmanEndpoint): Promise<Availability> {
  if (endpoint.unusable) return { ok: false, reason: endpoint.unusable };
  try {
    await docker.ping();
    const version = (await docker.version()) as Docker.DockerVersion & { Components?: Array<{ Name: string; Version: string }> };
    const podman = version.Components?.find((c) => /podman/i.test(c.Name));
    if (!podman) return { ok: false, reason: `${endpoint.url} answers, but not as Podman (${version.Components?.map((c) => c.Name).join(', ') || 'no components listed'}): point CONTAINER_HOST at Podman's socket, or use the docker engine for this daemon` };
    return { ok: true, detail: `Podman ${podman.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch}) at ${endpoint.url}` };
  } catch (error) {
    return { ok: false, reason: unavailableReason(error, endpoint.url) };
  }
}

const START_SERVICE =
  'start its API service: `sudo systemctl enable --now podman.socket` (rootless: `systemctl --user enable --now podman.socket`), ' +
  'or `podman system service --time=0 <socket>`; or set CONTAINER_HOST to where it listens';

function unavailableReason(error: unknown, where: string): string {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return `No Podman socket at ${where}: Podman is not installed or its API service is not running. Install Podman, then ${START_SERVICE}`;
    case 'EACCES':
      return `Permission denied on ${where}: use rootless Podman's own socket (run as that user), or ${START_SERVICE}`;
    case 'ECONNREFUSED':
      return `Podman's API service is not running at ${where} (connection refused): ${START_SERVICE}`;
    default:
      return `Podman at ${where} does not answer: ${dockerMessage(error)}. Check \`podman info\` and CONTAINER_HOST`;
  }
}
