import * as path from 'node:path';
import { SANDBOX_NAME, SandboxError } from '../engine';

/** Where one sandbox lives on the host: `<root>/<name>/{work,snapshots,run,sandbox.json}`. */
export interface SandboxPaths {
  dir: string;
  work: string;
  venv: string;
  snapshots: string;
  /** One file per running command, named by its host pid (see liveCommands.ts). */
  run: string;
  recordFile: string;
}

export function sandboxPaths(root: string, name: string): SandboxPaths {
  if (!SANDBOX_NAME.test(name)) throw new SandboxError(`Invalid sandbox name "${name}"`, 'Use lower-case letters, digits, ".", "_" and "-" (at most 63)');
  const dir = path.join(root, name);
  const work = path.join(dir, 'work');
  return {
    dir,
    work,
    venv: path.join(work, '.venv'),
    snapshots: path.join(dir, 'snapshots'),
    run: path.join(dir, 'run'),
    recordFile: path.join(dir, 'sandbox.json'),
  };
}

/** The sandbox directory a record points at (`handle`), checked to be one of ours under `root`. */
export function pathsOfHandle(root: string, handle: string): SandboxPaths {
  const resolvedRoot = path.resolve(root);
  if (path.dirname(path.resolve(handle)) !== resolvedRoot) {
    throw new SandboxError(`Sandbox directory ${handle} is not inside ${resolvedRoot}`);
  }
  return sandboxPaths(resolvedRoot, path.basename(handle));
}
