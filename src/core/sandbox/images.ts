import { spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { loadDockerClient } from './docker/loadDockerClient';
import { SandboxError } from './engine';

/** The Debian release and packages a locally built Python image is made of. */
// python3-debugpy: sandboxed debugging then needs no install step (the debug adapter provisions it otherwise).
// strace: the package gate's system-call trace of its imports (without it the audit hook watches alone).
const LOCAL_BUILD = { suite: 'bookworm', packages: 'python3,python3-venv,python3-pip,python3-debugpy,strace' };

/** What `--build-local` runs, for people who want to do it by hand. */
export function localBuildCommand(image: string): string {
  return `mmdebstrap --variant=apt --include=${LOCAL_BUILD.packages} ${LOCAL_BUILD.suite} - | docker import --change 'CMD ["python3"]' - ${image}`;
}

export type ImageProgress = (message: string) => void;

async function exists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

async function pull(docker: Docker, image: string, progress: ImageProgress): Promise<void> {
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: { status?: string; progress?: string; id?: string }) => progress([event.id, event.status, event.progress].filter(Boolean).join(' ')),
    ),
  );
}

/** Builds a Python image from the host's Debian packages (mmdebstrap) and imports it through the Engine API. */
async function buildLocal(docker: Docker, image: string, progress: ImageProgress): Promise<void> {
  progress(`building ${image} from Debian ${LOCAL_BUILD.suite} packages with mmdebstrap (about 30 s)`);
  const build = spawn('mmdebstrap', ['--quiet', '--variant=apt', `--include=${LOCAL_BUILD.packages}`, LOCAL_BUILD.suite, '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  build.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number>((resolve, reject) => {
    build.once('error', (error) => reject(new SandboxError(`cannot run mmdebstrap: ${error.message}`, 'install it (apt-get install mmdebstrap), or build the image yourself')));
    build.once('close', (code) => resolve(code ?? 1));
  });
  const [repo, tag = 'latest'] = image.split(/:(?=[^/]+$)/);
  const imported = docker.importImage(build.stdout as unknown as string, { repo, tag, changes: ['CMD ["python3"]'] } as object);
  const [code, stream] = await Promise.all([exited, imported]);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
  if (code !== 0) throw new SandboxError(`mmdebstrap failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`, `run by hand: ${localBuildCommand(image)}`);
  if (!(await exists(docker, image))) throw new SandboxError(`${image} was not created by the import`, `run by hand: ${localBuildCommand(image)}`);
}

/**
 * Makes sure `image` is present: pulls it, or when pulling fails (offline, no
 * registry) builds a local Python image if `buildLocal`; otherwise says how.
 */
export async function ensureImage(image: string, options: { buildLocal?: boolean; progress?: ImageProgress; docker?: Docker } = {}): Promise<'present' | 'pulled' | 'built'> {
  const docker = options.docker ?? (await loadDockerClient());
  const progress = options.progress ?? (() => {});
  if (await exists(docker, image)) return 'present';
  try {
    progress(`pulling ${image}`);
    await pull(docker, image, progress);
    return 'pulled';
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (!options.buildLocal) {
      throw new SandboxError(`cannot pull ${image}: ${reason}`, `build a local Python image instead with \`snakepit image ensure --build-local --image ${image}\`, or by hand: ${localBuildCommand(image)}`);
    }
    progress(`pull failed (${reason})`);
  }
  await buildLocal(docker, image, progress);
  return 'built';
}
