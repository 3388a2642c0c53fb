import type Docker from 'dockerode';

/** Where Podman's Docker-compatible service listens: a unix socket (the usual) or a tcp:// address. */
export interface PodmanEndpoint {
  /** As the user would write it, for messages: unix:///run/podman/podman.sock */
  url: string;
  options: Docker.DockerOptions;
  /** Why this address cannot be used (the engine is then unavailable, saying so). */
  unusable?: string;
}

/**
 * `CONTAINER_HOST` (Podman's own variable, as `podman --remote` reads it), else the socket `podman.socket` makes:
 * /run/podman/podman.sock for root, $XDG_RUNTIME_DIR/podman/podman.sock for anyone else (rootless Podman).
 */
export function podmanEndpoint(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): PodmanEndpoint {
  const configured = env.CONTAINER_HOST?.trim();
  if (configured) return fromUrl(configured);
  const runtimeDir = env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
  const socketPath = uid === 0 ? '/run/podman/podman.sock' : `${runtimeDir}/podman/podman.sock`;
  return { url: `unix://${socketPath}`, options: { socketPath } };
}

function fromUrl(url: string): PodmanEndpoint {
  if (url.startsWith('unix://')) return { url, options: { socketPath: url.slice('unix://'.length) } };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, options: { socketPath: '/nonexistent' }, unusable: `CONTAINER_HOST is "${url}", which is not an address (unix:///path/podman.sock or tcp://host:port)` };
  }
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:') return { url, options: { host: parsed.hostname, port: Number(parsed.port) || 8080, protocol: 'http' } };
  // (ssh:// is not taken: the Engine API client tunnels ssh through `docker system dial-stdio`, which Podman has not.)
  return {
    url,
    options: { socketPath: '/nonexistent' },
    unusable: `CONTAINER_HOST is ${url}, but Snakepit reaches Podman only through unix:// or tcp:// addresses: unset it to use the local socket, or forward the remote socket to a local one (ssh -L)`,
  };
}
