import { DockerEngine } from './docker/dockerEngine';
import type { DockerRuntimeChoice } from './docker/runtimes';
import type { Engine, EngineKind, NetworkMode } from './engine';
import { ENGINE_KINDS, SandboxError } from './engine';

export type EngineChoice = EngineKind | 'auto';

export interface SelectedEngine {
  engine: Engine;
  /** Why this one, in words the user sees ("docker: Docker Engine 20.10 at unix:///var/run/docker.sock"). */
  reason: string;
  /** docker: the runtime its sandboxes get for the runtime asked for ("runsc"); absent for the other engines. */
  runtime?: string;
}

/**
 * The docker runtime asked for along with the engine (settings `snakepit.sandbox.runtime`, `snakepit.gate.runtime`,
 * `--runtime`): it only applies to docker, and `runsc` asked for explicitly needs docker (with a runsc runtime).
 */
export interface RuntimeRequest {
  runtime: DockerRuntimeChoice;
  /** Where it came from, for the error messages. */
  setting: string;
  /** The network of the sandboxes to be made (a runsc without network cannot serve `bridge`). */
  network?: NetworkMode;
}


/**
 * `auto` takes docker, then podman, then bubblewrap, then venv (ENGINE_KINDS) — the first available — and says which and why. With a runtime
 * request, docker's reason names the runtime its sandboxes get, and a runtime it cannot have is an error here, before
 * anything is made.
 */
export async function selectEngine(choice: EngineChoice, engines: Partial<Record<EngineKind, Engine>>, runtime?: RuntimeRequest): Promise<SelectedEngine> {
  const needsDocker = runtime?.runtime === 'runsc';
  if (needsDocker && choice !== 'auto' && choice !== 'docker') {
    throw new SandboxError(`${runtime.setting} is runsc (gVisor), which only docker sandboxes have, but the engine chosen is ${choice}`, `choose the docker engine (or auto), or set ${runtime.setting} to auto or runc`);
  }
  if (choice !== 'auto') {
    const engine = engines[choice];
    if (!engine) throw new SandboxError(`the ${choice} engine is not supported here`, `choose ${ENGINE_KINDS.join(', ')}`);
    const availability = await engine.available();
    if (!availability.ok) throw new SandboxError(`the ${choice} engine is not available: ${availability.reason}`, 'fix that, or choose another engine (auto picks the first available)');
    return withRuntime({ engine, reason: `${choice} (chosen): ${availability.detail}` }, runtime);
  }
  const unavailable: string[] = [];
  for (const kind of needsDocker ? (['docker'] as const) : ENGINE_KINDS) {
    const engine = engines[kind];
    if (!engine) continue;
    const availability = await engine.available();
    if (availability.ok) {
      const skipped = unavailable.length ? ` (${unavailable.join('; ')})` : '';
      const warning = engine.isolated ? '' : ' — NOT ISOLATED: code runs as you, on this machine';
      return withRuntime({ engine, reason: `${kind}: ${availability.detail}${warning}${skipped}` }, runtime);
    }
    unavailable.push(`${kind} unavailable: ${availability.reason}`);
  }
  if (needsDocker) throw new SandboxError(`${runtime.setting} is runsc (gVisor), which needs the docker engine, and it is not available (${unavailable.join('; ')})`, `start Docker, or set ${runtime.setting} to auto or runc`);
  throw new SandboxError(`no sandbox engine is available (${unavailable.join('; ')})`, 'install Docker, Podman or bubblewrap');
}

/** docker: the runtime its sandboxes will get, in the reason; throws (naming the setting) when it cannot have it. */
async function withRuntime(selected: SelectedEngine, runtime: RuntimeRequest | undefined): Promise<SelectedEngine> {
  if (!runtime || !(selected.engine instanceof DockerEngine)) return selected;
  const resolved = await selected.engine.describeRuntimeFor(runtime.runtime, runtime.network ?? 'none', runtime.setting);
  const asked = runtime.runtime === resolved.runtime ? '' : ` for ${runtime.runtime}`;
  return { ...selected, reason: `${selected.reason}; runtime ${resolved.description}${asked}`, runtime: resolved.runtime };
}
