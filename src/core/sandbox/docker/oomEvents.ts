import type Docker from 'dockerode';

async function oomEventCount(docker: Docker, containerId: string, sinceMs: number): Promise<number> {
  const events = (await docker.getEvents({
    since: Math.floor(sinceMs / 1000) - 1,
    until: Date.now() / 1000,
    filters: JSON.stringify({ container: [containerId], event: ['oom'] }),
  })) as NodeJS.ReadableStream;
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    events.on('data', (chunk: Buffer) => chunks.push(chunk));
    events.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    events.on('error', reject);
  });
  return text.split('\n').filter((line) => line.trim()).length;
}

/**
 * Whether the kernel's OOM killer struck in the container since `sinceMs`. Docker records an `oom` event for any
 * process of the container (State.OOMKilled only covers the container's own init), but may record it a little
 * after the killed process's exit is reported: look again for a while before saying no.
 */
export async function outOfMemorySince(docker: Docker, containerId: string, sinceMs: number, patienceMs = 0): Promise<boolean> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    if ((await oomEventCount(docker, containerId, sinceMs)) > 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
