import type Docker from 'dockerode';
import { DockerEngine } from '../docker/dockerEngine';
import type { DockerRuntimeChoice } from '../docker/runtimes';
import { type PodmanEndpoint, podmanEndpoint } from './endpoint';
import { podmanApi } from './podmanApi';

/**
 * Sandboxes as Podman containers, through Podman's Docker-compatible API service (`podman system service`, or the
 * `podman.socket` unit): the docker engine's code and hardening against Podman's socket, with Podman's differences
 * (rlimits it can apply, its own init, runtimes it lists but may not have) in its ContainerApi.
 */
export class PodmanEngine extends DockerEngine {
  override readonly bridgeNetwork = "podman's bridge network (the container's own network stack, NAT to the outside)";

  constructor(scope?: string, defaults: { runtime?: DockerRuntimeChoice; runtimeSetting?: string } = {}, endpoint: PodmanEndpoint = podmanEndpoint(), client?: Docker) {
    // The client is made on first use, as for docker: dockerode loads only when a container is touched.
    super(client ?? (async () => new (await import('./podmanClient.js')).PodmanClient(endpoint)), scope, defaults, podmanApi(endpoint));
  }
}
