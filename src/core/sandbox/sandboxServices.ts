import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { AuditLog } from '../state/auditLog';
import { SandboxStore } from '../state/sandboxStore';
import { BubblewrapEngine } from './bubblewrap';
import { DockerEngine } from './docker';
import { PodmanEngine } from './podman';
import type { Engine, EngineKind } from './engine';
import { SandboxManager } from './manager';
import { VenvEngine } from './venv';

export interface SandboxServices {
  engines: Partial<Record<EngineKind, Engine>>;
  manager: SandboxManager;
  audit: AuditLog;
}

/** The scope label of the sandboxes one state directory keeps: the same directory always gives the same scope. */
export function stateScope(stateDir: string): string {
  return createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 16);
}

/** Everything sandbox-related, rooted in one state directory (CLI: XDG state dir; extension: global storage). */
export function createSandboxServices(stateDir: string, actor: string, options: { keepSnapshots?: number; onWarning?: (m: string) => void } = {}): SandboxServices {
  const root = path.join(stateDir, 'sandboxes');
  let docker: DockerEngine | undefined;
  let podman: PodmanEngine | undefined;
  const engines: Partial<Record<EngineKind, Engine>> = {
    // Made when first asked for: their scope is a sha256, and a command that touches no container sandbox need not load crypto.
    get docker() {
      return (docker ??= new DockerEngine(undefined, stateScope(stateDir)));
    },
    get podman() {
      return (podman ??= new PodmanEngine(stateScope(stateDir)));
    },
    bubblewrap: new BubblewrapEngine(root),
    venv: new VenvEngine(root),
  };
  const audit = new AuditLog(path.join(stateDir, 'audit.jsonl'));
  const manager = new SandboxManager({ engines, store: new SandboxStore(stateDir), audit, actor, ...options });
  return { engines, manager, audit };
}
