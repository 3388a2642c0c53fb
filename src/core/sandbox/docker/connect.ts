import type Docker from 'dockerode';

/**
 * An Engine API client (DOCKER_HOST and friends are honoured). dockerode, with the ssh2 and gRPC code under it, is
 * most of the CLI's bundle: it is imported on first use, so a command that never talks to Docker never compiles it.
 */
export async function connectDocker(): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  return new Dockerode();
}
