import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';

/** Every exec'd command carries this variable, and its children inherit it: that is how we find them to kill. */
export const MARKER_VARIABLE = 'SNAKEPIT_EXEC';

export const newMarker = (): string => `${MARKER_VARIABLE}=${randomBytes(8).toString('hex')}`;

// Stops every marked process first (so a fork bomb cannot outgrow the sweep), then kills them all.
// One process that never forks, so it still runs when the pids limit is exhausted by the command it kills.
const KILLER = `
import os, signal, sys
marker = sys.argv[1].encode()
me = os.getpid()
def marked():
    found = set()
    for entry in os.listdir('/proc'):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open('/proc/' + entry + '/environ', 'rb') as f:
                if marker in f.read().split(b'\\0'):
                    found.add(int(entry))
        except OSError:
            pass
    return found
def signal_all(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass
seen = set()
for _ in range(100):
    now = marked()
    signal_all(now, signal.SIGSTOP)
    if now <= seen:
        break
    seen |= now
for _ in range(100):
    now = marked()
    if not now:
        break
    signal_all(now, signal.SIGKILL)
print('left', len(marked()))
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills every process started under `marker`; retries while the container has no pid left to run the killer. */
export async function killMarked(container: Docker.Container, marker: string, attempts = 30): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const exec = await container.exec({
        Cmd: ['python3', '-I', '-S', '-c', KILLER, marker],
        AttachStdout: true,
        AttachStderr: true,
      });
      const stream = await exec.start({ hijack: true, stdin: false });
      const output = await collect(stream);
      if (output.includes('left 0')) return true;
    } catch {
      // The container may be out of pids for a moment; try again.
    }
    await sleep(50);
  }
  return false;
}

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    stream.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    stream.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}
