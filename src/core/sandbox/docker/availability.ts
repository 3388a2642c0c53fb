import type Docker from 'dockerode';
import type { Availability } from '../engine';
import { SSH_ENDPOINTS, sshHostHint } from './sshEndpoints';
import { dockerMessage } from './errors';

interface ModemEndpoint {
  protocol?: string;
  host?: string;
  port?: number | string;
  username?: string;
  socketPath?: unknown;
}

/** Where the client connects, in words, for messages (the client's own settings, which may not be DOCKER_HOST's). */
export function endpointDescription(docker?: Docker): string {
  const ssh = docker && SSH_ENDPOINTS.get(docker);
  if (ssh) return ssh.url;
  const modem = docker?.modem as ModemEndpoint | undefined;
  if (modem?.host) {
    const scheme = modem.protocol === 'ssh' ? 'ssh' : modem.protocol === 'https' ? 'tcp+tls' : 'tcp';
    return `${scheme}://${modem.protocol === 'ssh' && modem.username ? `${modem.username}@` : ''}${modem.host}${modem.port ? `:${modem.port}` : ''}`;
  }
  if (typeof modem?.socketPath === 'string') return `unix://${modem.socketPath}`;
  return process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

export async function checkAvailability(docker: Docker): Promise<Availability> {
  try {
    await docker.ping();
    const version = await docker.version();
    return { ok: true, detail: `Docker Engine ${version.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch}) at ${endpointDescription(docker)}` };
  } catch (error) {
    return { ok: false, reason: unavailableReason(error, docker) };
  }
}

function unavailableReason(error: unknown, docker: Docker): string {
  const where = endpointDescription(docker);
  const ssh = SSH_ENDPOINTS.get(docker);
  if (ssh) {
    if (/Host denied|verification failed/i.test(dockerMessage(error))) return `Docker over ssh at ${where}: the host's key is not one this machine knows; ${sshHostHint(ssh.host, ssh.port)}`;
    return `Docker over ssh at ${where} does not answer: ${dockerMessage(error)}. Check \`ssh${ssh.port === 22 ? '' : ` -p ${ssh.port}`} ${ssh.username ? `${ssh.username}@` : ''}${ssh.host} docker version\` (an ssh agent, or a key in ~/.ssh/id_ed25519, id_ecdsa or id_rsa)`;
  }
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
