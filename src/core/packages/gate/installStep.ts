import { SandboxError } from '../../sandbox/engine';
import { quarantineOf } from '../cache/artifactCache';
import { installVerified, InstallError, resolveTarget, RestoreError, type TargetEnvironment } from '../target';
import type { CachedArtifact } from '../cache/artifactCache';
import type { PhaseProgress } from './progress';
import type { ValidateHooks, ValidateRequest } from './request';

export interface InstallOutcome {
  installed: boolean;
  /** Why nothing was installed, when installing was asked for. */
  skipped?: string;
  target?: string;
}

/**
 * Phase 4 (conscript), once the verdict allows it: exactly the verified wheels go into the target
 * (captured first, restored on any failure).
 */
export async function installStep(request: ValidateRequest, hooks: ValidateHooks, wheels: CachedArtifact[] | undefined, progress: PhaseProgress): Promise<InstallOutcome> {
  if (!wheels || wheels.length === 0) return { installed: false, skipped: 'no verified wheel to install' };
  hooks.signal?.throwIfAborted();
  const quarantined = wheels.find((w) => quarantineOf(w));
  if (quarantined) return { installed: false, skipped: `${quarantined.filename} is quarantined (${quarantineOf(quarantined)!.reason}); it is never installed` };
  let target: TargetEnvironment;
  try {
    target = await resolveTarget({ python: request.python, workspaceFolder: process.cwd() });
  } catch (error) {
    throw new SandboxError(`cannot install: ${(error as Error).message}`);
  }
  progress(`installing ${wheels.length} verified wheel(s) into ${target.prefix} (captured first; restored on any failure)`);
  try {
    const result = await installVerified(target, wheels, { signal: hooks.signal });
    progress(`installed into ${target.prefix} in ${result.timings.totalMs} ms`);
    return { installed: true, target: target.prefix };
  } catch (error) {
    // InstallError: pip failed and the target was restored; others: refused before anything was touched.
    if (error instanceof InstallError || !(error instanceof RestoreError)) return { installed: false, skipped: (error as Error).message, target: target.prefix };
    throw error;
  }
}
