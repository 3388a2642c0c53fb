import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { KeeperChannel } from './keeperChannel';

/** Every exec'd command carries this variable, and its children inherit it: that is how we find them to kill. */
export const MARKER_VARIABLE = 'SNAKEPIT_EXEC';

export const newMarker = (): string => `${MARKER_VARIABLE}=${randomBytes(8).toString('hex')}`;

// Stops every marked process first (so a fork bomb cannot outgrow the sweep), then kills them all. It never forks.
// The keeper first stops every process of the sandbox user for the moment of the sweep (SIGSTOP to -1, then SIGCONT:
// a process the user had stopped on purpose is continued too), since a fork bomb at the pids limit otherwise leaves it
// a 1/64 share of the CPU (a 3 s timeout took 4–6 s; now the timeout plus ~0.2–0.3 s).
// As the container's main process (the keeper) it waits on stdin for `kill MARKER` lines, so a kill needs no new
// process in the container: under a fork bomb at the pids limit a `docker exec` cannot start (runc must clone), and
// used to win a free pid only by luck. `kill MARKER` on the command line is the one-shot form, for containers made
// before the keeper existed. Without stdin (an old container) the keeper just idles, as `sleep infinity` did.
const SWEEPER = `
import os, signal, sys
me = os.getpid()
def marked(marker):
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
def signal_everyone(sig):
    try:
        os.kill(-1, sig)
    except OSError:
        pass
def sweep(marker):
    # One signal stops every process this user may signal (never init, never the keeper) before anything is read, so
    # a fork bomb cannot starve the sweep of CPU; what is not the command's goes on a moment later.
    if frozen:
        signal_everyone(signal.SIGSTOP)
    try:
        return sweep_stopped(marker)
    finally:
        if frozen:
            signal_everyone(signal.SIGCONT)
def sweep_stopped(marker):
    seen = set()
    for _ in range(100):
        now = marked(marker)
        signal_all(now, signal.SIGSTOP)
        if now <= seen:
            break
        seen |= now
    for _ in range(100):
        now = marked(marker)
        if not now:
            break
        signal_all(now, signal.SIGKILL)
    return len(marked(marker))
frozen = False
if sys.argv[1:2] == ['kill']:
    print('left', sweep(sys.argv[2].encode()))
    sys.exit(0)
frozen = os.getuid() != 0
for line in sys.stdin.buffer:
    words = line.split()
    if len(words) == 2 and words[0] == b'kill':
        sys.stdout.write('killed %s left %d\\n' % (words[1].decode(), sweep(words[1])))
        sys.stdout.flush()
if sys.argv[1:2] == ['bound']:
    # The owner's channel closed (it exited or was killed): everything goes, and with the keeper the container.
    signal_everyone(signal.SIGKILL)
    sys.exit(0)
while True:
    signal.pause()
`;

/**
 * The container's main process: the keeper where the image has python3, else an idle `sleep` as before (or, bound to
 * its owner, `cat`, which also ends at the end of input). `bound`: the keeper ends the sandbox when its input ends.
 */
export function keeperCommand(bound: boolean): string[] {
  const idle = bound ? 'exec cat >/dev/null' : 'exec sleep infinity';
  return ['sh', '-c', `if command -v python3 >/dev/null 2>&1; then exec python3 -I -S -c "$1" "$2"; fi; ${idle}`, 'snakepit-keeper', SWEEPER, bound ? 'bound' : 'keeper'];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks the keeper; false when there is none, it did not kill them all, or it may not be asked from here: the keeper
 * of an owner-bound sandbox (StdinOnce) listens only to its owner's channel, since any other attachment closing
 * would close its stdin and end the sandbox.
 */
async function killThroughKeeper(docker: Docker, container: Docker.Container, marker: string, channel?: KeeperChannel): Promise<boolean> {
  if (channel) return channel.kill(marker);
  let temporary: KeeperChannel | undefined;
  try {
    if ((await container.inspect()).Config.StdinOnce) return false;
    temporary = await KeeperChannel.attach(docker, container);
    return await temporary.kill(marker);
  } catch {
    return false;
  } finally {
    temporary?.close();
  }
}

const KEEPER_RETRY_MS = 3000;

/**
 * Kills every process started under `marker` (the command `exec` runs): through the keeper, else by exec'ing the
 * sweeper (retried while the container has no pid left). A command killed the moment it was started may not exist
 * yet when the keeper looks, so the keeper is asked again until Docker says the command has ended.
 */
export async function killMarked(docker: Docker, container: Docker.Container, marker: string, exec: Docker.Exec, channel?: KeeperChannel, attempts = 30): Promise<boolean> {
  const deadline = Date.now() + KEEPER_RETRY_MS;
  while (await killThroughKeeper(docker, container, marker, channel)) {
    if (!(await isRunning(exec))) return true;
    if (Date.now() > deadline) break;
    await sleep(50);
  }
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const exec = await container.exec({
        Cmd: ['python3', '-I', '-S', '-c', SWEEPER, 'kill', marker],
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

async function isRunning(exec: Docker.Exec): Promise<boolean> {
  try {
    return (await exec.inspect()).Running;
  } catch {
    return false;
  }
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
