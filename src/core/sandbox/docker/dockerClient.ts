import Docker from 'dockerode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knownKeys } from './knownHosts';
import { SSH_ENDPOINTS } from './sshEndpoints';
import { SshDialAgent } from './sshDialAgent';

/** Private keys ssh tries when no agent offers one, in ssh's own order. */
const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * An Engine API client for DOCKER_HOST (and DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, as docker-modem reads them). For
 * `ssh://user@host[:port]` it authenticates as the ssh command would — the agent (SSH_AUTH_SOCK), else the first of
 * ~/.ssh/id_ed25519, id_ecdsa, id_rsa — and accepts only a host key that ~/.ssh/known_hosts lists for that host, as
 * the docker CLI's ssh does with StrictHostKeyChecking. One ssh connection carries every request (SshDialAgent).
 */
export function dockerClient(env: NodeJS.ProcessEnv = process.env): Docker {
  const host = env.DOCKER_HOST?.trim();
  if (!host?.startsWith('ssh://')) return new Docker();
  const url = new URL(host);
  const port = Number(url.port) || 22;
  const sshDir = path.join(env.HOME || '/nonexistent', '.ssh');
  const privateKeyFile = env.SSH_AUTH_SOCK ? undefined : DEFAULT_IDENTITIES.map((name) => path.join(sshDir, name)).find((file) => fs.existsSync(file));
  const known = knownKeys([path.join(sshDir, 'known_hosts'), '/etc/ssh/ssh_known_hosts'], url.hostname, port);
  const username = decodeURIComponent(url.username) || env.USER || env.LOGNAME;
  const agent = new SshDialAgent({
    host: url.hostname,
    port,
    username,
    ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {}),
    ...(privateKeyFile ? { privateKey: fs.readFileSync(privateKeyFile) } : {}),
    hostVerifier: (key: Buffer) => known.includes(key.toString('base64')),
  });
  const docker = new Docker({ protocol: 'http', host: url.hostname, port, agent } as Docker.DockerOptions);
  SSH_ENDPOINTS.set(docker, { url: `ssh://${username ? `${username}@` : ''}${url.hostname}${url.port ? `:${url.port}` : ''}`, host: url.hostname, port, username });
  return docker;
}
