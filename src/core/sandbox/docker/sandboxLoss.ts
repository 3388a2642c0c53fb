import type Docker from 'dockerode';
import { type ExecResult, SandboxError } from '../engine';
import { isNotFound } from './errors';
import { outOfMemorySince } from './oomEvents';

const CHECK_INTERVAL_MS = 3000;

/**
 * Watches a running command's exec instance: when the whole sandbox ends under it, dockerd may drop the exec instance
 * and never close its hijacked connection (seen under gVisor: the Sentry killed by the host's OOM killer, the
 * container exited, the exec gone, its stream open for good). `onLost` then, so the caller stops waiting for output
 * that will not come. An exec that merely ended while its output still drains is left alone: only a gone exec, or
 * one that ended in a container that is no longer running (twice in a row), counts.
 */
export function watchSandbox(container: Docker.Container, exec: Docker.Exec, onLost: () => void): { stop: () => void; lost: () => boolean } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lost = false;
  let ended = 0;
  const check = async () => {
    try {
      const info = await exec.inspect();
      ended = !info.Running && !(await container.inspect()).State.Running ? ended + 1 : 0;
    } catch (error) {
      // Only a gone exec or container counts; the daemon not answering is watchEngine's business.
      if (isNotFound(error)) ended = Number.POSITIVE_INFINITY;
    }
    if (stopped) return;
    if (ended >= 2) {
      lost = true;
      return onLost();
    }
    timer = setTimeout(() => void check(), CHECK_INTERVAL_MS);
  };
  timer = setTimeout(() => void check(), CHECK_INTERVAL_MS);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    lost: () => lost,
  };
}

/** What runsc's `exec` prints when gVisor's Sentry died while it waited for the command (exit status 128). */
const GVISOR_SENTRY_GONE = /urpc method "containerManager\.WaitPID" failed/;

/** Whether a command's result says its whole gVisor sandbox ended under it (not something the command itself did). */
export const gvisorSandboxLost = (exitCode: number | null, stderr: string): boolean => exitCode === 128 && GVISOR_SENTRY_GONE.test(stderr);

const SETTLE_MS = 10_000;

/**
 * The command's sandbox ended while it ran. Out of memory (the host's OOM killer took the container: under gVisor that
 * is the Sentry, so every process of the sandbox goes, not only the one that grew): a result that says so. Anything
 * else: an error that says the sandbox stopped. Docker records the `oom` event and the container's end a few seconds
 * after the command's output stops, so look for a while.
 */
export async function sandboxEnded(
  docker: Docker,
  container: Docker.Container,
  startedAt: number,
  partial: Pick<ExecResult, 'timedOut' | 'cancelled' | 'stdout' | 'stderr'>,
): Promise<ExecResult> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    if (await outOfMemorySince(docker, container.id, startedAt)) {
      return { ...partial, exitCode: null, outOfMemory: true, durationMs: Date.now() - startedAt };
    }
    let state: Docker.ContainerInspectInfo['State'] | undefined;
    try {
      state = (await container.inspect()).State;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (Date.now() > deadline || (state && !state.Running && Date.now() > deadline - SETTLE_MS / 2)) {
      const how = state ? `${state.Status}, exit ${state.ExitCode}` : 'removed';
      throw new SandboxError(`the sandbox's container stopped while the command ran (${how})`, 'Start the sandbox again and retry');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
