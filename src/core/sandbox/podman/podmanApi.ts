import type Docker from 'dockerode';
import type { Availability } from '../engine';
import type { ContainerApi } from '../docker/containerApi';
import { dockerMessage } from '../docker/errors';
import type { PodmanEndpoint } from './endpoint';

const RLIMIT_NAMES: Record<string, string> = { '6': 'nproc', '7': 'nofile' };

export function podmanApi(endpoint: PodmanEndpoint): ContainerApi {
  return {
    kind: 'podman',
    product: 'Podman',
    available: (docker) => checkPodman(docker, endpoint),
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
