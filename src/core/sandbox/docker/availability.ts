import type Docker from 'dockerode';
import type { Availability } from '../engine';
import { dockerMessage } from './errors';

/** Where dockerode/docker-modem will connect, in words, for messages. */
export function endpointDescription(): string {
  return process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

export async function checkAvailability(docker: Docker): Promise<Availability> {
  try {
    await docker.ping();
    const version = await docker.version();
    return { ok: true, detail: `Docker Engine ${version.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch}) at ${endpointDescription()}` };
  } catch (error) {
    return { ok: false, reason: unavailableReason(error) };
  }
}

function unavailableReason(error: unknown): string {
  const where = endpointDescription();
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return `No Docker socket at ${where}: Docker is not installed or not running. Install Docker Engine and start it (\`sudo systemctl start docker\`), or set DOCKER_HOST to where it listens`;
    case 'EACCES':
      return `Permission denied on ${where}: add yourself to the docker group (\`sudo usermod -aG docker $USER\`, then log in again) or use rootless Docker and set DOCKER_HOST`;
    case 'ECONNREFUSED':
      return `Docker is not running at ${where} (connection refused): start it (\`sudo systemctl start docker\`) or fix DOCKER_HOST`;
    default:
      return `Docker at ${where} does not answer: ${dockerMessage(error)}. Check \`docker info\`, DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH`;
  }
}
