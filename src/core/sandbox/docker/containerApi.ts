import type Docker from 'dockerode';
import type { Availability } from '../engine';
import { checkAvailability } from './availability';

/**
 * What differs between the daemons that speak the Docker Engine API — dockerd, and Podman's Docker-compatible
 * service — for the one engine implementation that drives them both. Everything else (hardening, keeper, exec,
 * snapshots, copies, labels) is the same code against either socket.
 */
export interface ContainerApi {
  /** The engine kind its sandboxes' records and resources carry. */
  kind: 'docker' | 'podman';
  /** The daemon's name, in messages. */
  product: string;
  /** Whether it answers, and what it is, in words ("Docker Engine 20.10 at unix:///var/run/docker.sock"). */
  available(docker: Docker): Promise<Availability>;
  /**
   * Whether the runtimes the daemon lists may be chosen by name. dockerd lists the runtimes registered with it;
   * Podman lists every runtime its configuration knows of, installed or not, so only its default is used.
   */
  namedRuntimes: boolean;
  /** The command line of `<cli> exec` against the same endpoint, for terminals. */
  execCommand(): { cli: string; args: string[] };
  /** What to do about a failure only this daemon has (in the user's words), or undefined. */
  explain(message: string): string | undefined;
}

export const DOCKER_API: ContainerApi = {
  kind: 'docker',
  product: 'Docker',
  available: checkAvailability,
  namedRuntimes: true,
  // The docker CLI honours the same DOCKER_HOST/DOCKER_CONTEXT as the Engine API client.
  execCommand: () => ({ cli: 'docker', args: ['exec'] }),
  explain: () => undefined,
};
