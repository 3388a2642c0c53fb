import type Docker from 'dockerode';
import type { SandboxHealth } from '../engine';
import { memoryLimitMiB } from './hardening';

const outOfMemory = (info: Docker.ContainerInspectInfo) =>
  `killed: out of memory (limit ${memoryLimitMiB(info.HostConfig.Memory ?? 0)} MiB)`;

export function toSandboxHealth(info: Docker.ContainerInspectInfo): SandboxHealth {
  const state = info.State;
  const oomKilled = state.OOMKilled;
  if (state.Dead) return { state: 'dead', reason: state.Error || 'the container is dead: Docker could not stop or remove it cleanly', oomKilled };
  if (state.Running) {
    if (state.Health?.Status === 'unhealthy') return { state: 'unhealthy', reason: 'the health check fails', oomKilled };
    // Docker keeps OOMKilled set once any process in the container hit the limit, even if the container lives on.
    return oomKilled ? { state: 'running', reason: `a process was ${outOfMemory(info)}`, oomKilled } : { state: 'running', oomKilled };
  }
  if (oomKilled) return { state: 'stopped', reason: outOfMemory(info), oomKilled };
  if (state.Status === 'created') return { state: 'stopped', reason: 'created but never started', oomKilled };
  if (state.Error) return { state: 'stopped', reason: `failed: ${state.Error}`, oomKilled };
  if (state.Status === 'paused') return { state: 'stopped', reason: 'paused', oomKilled };
  return { state: 'stopped', reason: `exited with code ${state.ExitCode}${state.ExitCode === 137 ? ' (killed)' : ''}`, oomKilled };
}

export const MISSING: SandboxHealth = { state: 'missing', reason: 'container removed outside Snakepit' };
