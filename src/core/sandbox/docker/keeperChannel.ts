import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';

const ANSWER_MS = 5000;

/**
 * A line channel to the container's keeper process (its stdin and stdout, attached through the Engine API): asks it to
 * kill a command's processes, which needs no new process in the container. Held open for the life of the process
 * that made an owner-bound sandbox: the container is created with StdinOnce, so when that process dies and the
 * attachment closes, the keeper sees end of input, kills everything and exits, and Docker removes the container and
 * its anonymous work volume (AutoRemove).
 */
export class KeeperChannel {
  private seen = '';
  private readonly waiters = new Set<() => void>();
  private closed = false;

  private constructor(private readonly stream: NodeJS.ReadWriteStream & { destroy?: () => void }, docker: Docker) {
    const stdout = new PassThrough();
    docker.modem.demuxStream(stream, stdout, new PassThrough());
    stdout.on('data', (chunk: Buffer) => {
      // Only the last answers matter: keep the text short.
      this.seen = (this.seen + chunk.toString('latin1')).slice(-4096);
      for (const wake of this.waiters) wake();
    });
    const end = () => {
      this.closed = true;
      for (const wake of this.waiters) wake();
    };
    stream.on('close', end);
    stream.on('end', end);
    stream.on('error', end);
  }

  static async attach(docker: Docker, container: Docker.Container): Promise<KeeperChannel> {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: false, hijack: true })) as NodeJS.ReadWriteStream;
    // Podman's service drops what is first written to a fresh attachment: a blank line, which the keeper ignores,
    // takes that place, so the first real order is heard.
    stream.write('\n');
    return new KeeperChannel(stream, docker);
  }

  /** True when the keeper answered that no process carrying `marker` is left. */
  async kill(marker: string): Promise<boolean> {
    if (this.closed) return false;
    const answer = new RegExp(`killed ${marker} left (\\d+)`);
    const result = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), ANSWER_MS);
      const check = () => {
        const match = answer.exec(this.seen);
        if (match) finish(match[1] === '0');
        else if (this.closed) finish(false);
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      this.waiters.add(check);
    });
    this.stream.write(`kill ${marker}\n`);
    return result;
  }

  /** Lets the process exit while the channel is open (the container then goes with it, as it should). */
  unref(): void {
    (this.stream as unknown as { unref?: () => void }).unref?.();
  }

  close(): void {
    this.closed = true;
    this.stream.destroy?.();
  }
}
