import type Docker from 'dockerode';
import { SandboxError } from '../engine';
import { WORK_DIR } from './hardening';
import { workVolumeName } from './names';

/** Printed by a helper's script once its work succeeded: the helper removes itself, so its exit code is not kept. */
const DONE = 'snakepit-helper-done';

export interface HelperOptions {
  image: string;
  sandbox: string;
  /** The sandbox's work volume (see workVolumeOf). */
  workVolume: string;
  /** The command, run as root; it must only print on failure. */
  command: string[];
  workReadOnly: boolean;
  /** Further volumes by name → mount point (snapshot volumes). */
  volumes?: Record<string, string>;
  labels: Record<string, string>;
}

/**
 * Runs a one-off root shell command (no network, no init, read-only root, only the capabilities copying files with
 * their owners needs) with the sandbox's work volume and `volumes` mounted, and waits until it has ended.
 * The helper removes itself (AutoRemove): its output comes through an attachment made before it starts, and a
 * marker printed after the script tells success from failure.
 */
export async function runHelper(docker: Docker, options: HelperOptions): Promise<void> {
  const volumes = Object.entries(options.volumes ?? {}).map(([name, target]) => volumeMount(name, target, false));
  const helper = await docker.createContainer({
    Image: options.image,
    Entrypoint: [],
    Cmd: ['sh', '-c', `"$@" && echo ${DONE}`, 'snakepit-helper', ...options.command],
    User: '0:0',
    Labels: options.labels,
    NetworkDisabled: true,
    HostConfig: {
      AutoRemove: true,
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      CapAdd: ['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      LogConfig: { Type: 'none', Config: {} },
      Mounts: [
        volumeMount(options.workVolume, WORK_DIR, options.workReadOnly),
        ...volumes,
      ],
    },
  });
  let started = false;
  try {
    const stream = (await helper.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const output = collect(stream);
    await helper.start();
    started = true;
    const text = printable(await output);
    if (!text.endsWith(DONE)) {
      throw new SandboxError(`Copying the files of sandbox "${options.sandbox}" failed: ${text || 'the helper container ended without saying why'}`);
    }
    // Gone (or going: removal is asynchronous) once the output has ended; waiting for it costs ~40 ms.
    await helper.wait({ condition: 'removed' }).catch(() => undefined);
  } finally {
    if (!started) await helper.remove({ force: true }).catch(() => undefined);
  }
}

/** NoCopy: an empty volume must stay empty even where the image has files at the mount point. */
function volumeMount(name: string, target: string, readOnly: boolean): Docker.MountSettings {
  return { Type: 'volume', Source: name, Target: target, ReadOnly: readOnly, VolumeOptions: { NoCopy: true } as Docker.MountSettings['VolumeOptions'] };
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('close', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Output without Docker's multiplexing frames (8-byte header: stream, 3 zero bytes, length). */
function printable(logs: Buffer): string {
  const parts: Buffer[] = [];
  for (let offset = 0; offset + 8 <= logs.length; ) {
    const length = logs.readUInt32BE(offset + 4);
    parts.push(logs.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8').trim();
}

/** The volume at the sandbox's /work: named for user sandboxes, anonymous (but labelled) for owner-bound ones. */
export async function workVolumeOf(docker: Docker, sandbox: { name: string; handle: string }): Promise<string> {
  try {
    const info = await docker.getContainer(sandbox.handle).inspect();
    const mount = info.Mounts.find((m) => m.Destination === WORK_DIR && m.Type === 'volume');
    if (mount?.Name) return mount.Name;
  } catch {
    // Gone: the named volume may still be there (a rollback onto a removed container fails later, with its reason).
  }
  return workVolumeName(sandbox.name);
}
