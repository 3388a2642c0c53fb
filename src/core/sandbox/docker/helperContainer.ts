import type Docker from 'dockerode';
import { SandboxError } from '../engine';
import { WORK_DIR } from './hardening';
import { workVolumeName } from './names';

/**
 * Runs a one-off root shell command (no network, only the capabilities copying files with their owners needs)
 * with the sandbox's work volume mounted, waits for it and hands back the stopped container for `commit`.
 * The caller removes it.
 */
export async function runHelper(
  docker: Docker,
  options: { image: string; sandbox: string; script: string; workReadOnly: boolean; labels: Record<string, string> },
): Promise<Docker.Container> {
  const helper = await docker.createContainer({
    Image: options.image,
    Entrypoint: [],
    Cmd: ['sh', '-c', options.script],
    User: '0:0',
    Labels: options.labels,
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      CapAdd: ['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID'],
      SecurityOpt: ['no-new-privileges'],
      Mounts: [{ Type: 'volume', Source: workVolumeName(options.sandbox), Target: WORK_DIR, ReadOnly: options.workReadOnly }],
    },
  });
  try {
    await helper.start();
    const { StatusCode } = (await helper.wait()) as { StatusCode: number };
    if (StatusCode !== 0) {
      const logs = (await helper.logs({ stdout: true, stderr: true, tail: 20 })) as unknown as Buffer;
      throw new SandboxError(`Copying the files of sandbox "${options.sandbox}" failed (exit ${StatusCode}): ${printable(logs)}`);
    }
    return helper;
  } catch (error) {
    await helper.remove({ force: true }).catch(() => undefined);
    throw error;
  }
}

/** Log output without Docker's multiplexing frames (8-byte header: stream, 3 zero bytes, length). */
function printable(logs: Buffer): string {
  const parts: Buffer[] = [];
  for (let offset = 0; offset + 8 <= logs.length; ) {
    const length = logs.readUInt32BE(offset + 4);
    parts.push(logs.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8').trim();
}
