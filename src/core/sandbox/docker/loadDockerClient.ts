import type Docker from 'dockerode';

/**
 * An Engine API client for DOCKER_HOST (see dockerClient), loaded on first use: dockerode and what it pulls in
 * (docker-modem, ssh2, protobufjs) are most of the CLI's code, and a command that touches no container needs none of it.
 */
export async function loadDockerClient(env: NodeJS.ProcessEnv = process.env): Promise<Docker> {
  const { dockerClient } = await import('./dockerClient.js');
  return dockerClient(env);
}
