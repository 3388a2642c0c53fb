import type { Engine, EngineKind } from './engine';
import { SandboxError } from './engine';

export type EngineChoice = EngineKind | 'auto';

export interface SelectedEngine {
  engine: Engine;
  /** Why this one, in words the user sees ("docker: Docker Engine 20.10 at unix:///var/run/docker.sock"). */
  reason: string;
}

const ORDER: readonly EngineKind[] = ['docker', 'bubblewrap', 'venv'];

/** `auto` takes docker, then bubblewrap, then venv — the first available — and says which and why. */
export async function selectEngine(choice: EngineChoice, engines: Partial<Record<EngineKind, Engine>>): Promise<SelectedEngine> {
  if (choice !== 'auto') {
    const engine = engines[choice];
    if (!engine) throw new SandboxError(`the ${choice} engine is not supported here`, 'choose docker, bubblewrap or venv');
    const availability = await engine.available();
    if (!availability.ok) throw new SandboxError(`the ${choice} engine is not available: ${availability.reason}`, 'fix that, or choose another engine (auto picks the first available)');
    return { engine, reason: `${choice} (chosen): ${availability.detail}` };
  }
  const unavailable: string[] = [];
  for (const kind of ORDER) {
    const engine = engines[kind];
    if (!engine) continue;
    const availability = await engine.available();
    if (availability.ok) {
      const skipped = unavailable.length ? ` (${unavailable.join('; ')})` : '';
      const warning = engine.isolated ? '' : ' — NOT ISOLATED: code runs as you, on this machine';
      return { engine, reason: `${kind}: ${availability.detail}${warning}${skipped}` };
    }
    unavailable.push(`${kind} unavailable: ${availability.reason}`);
  }
  throw new SandboxError(`no sandbox engine is available (${unavailable.join('; ')})`, 'install Docker or bubblewrap');
}
