import * as fs from 'node:fs';
import * as path from 'node:path';
import { SandboxError } from '../engine';

/**
 * The host path of `sandboxPath` (absolute under the sandbox's work dir as the sandbox sees it, or relative
 * to it), refused if it leaves the work dir, including through a symlink the sandboxed code planted.
 */
export function hostPathInWork(hostWork: string, workDirInside: string, sandboxPath: string): string {
  const relative = path.isAbsolute(sandboxPath) ? path.relative(workDirInside, sandboxPath) : path.normalize(sandboxPath);
  if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
    throw new SandboxError(`${sandboxPath} is outside the sandbox's work directory ${workDirInside}`, 'Only files under the work directory can be copied in or out');
  }
  const target = path.join(hostWork, relative);
  const realWork = fs.realpathSync(hostWork);
  const realParent = realpathOfExistingAncestor(path.dirname(target));
  if (realParent !== realWork && !realParent.startsWith(realWork + path.sep)) {
    throw new SandboxError(`${sandboxPath} leads outside the sandbox (through a symlink)`);
  }
  return target;
}

export function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function realpathOfExistingAncestor(dir: string): string {
  let current = dir;
  for (;;) {
    try {
      return fs.realpathSync(current);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) throw new SandboxError(`No part of ${dir} exists`);
      current = parent;
    }
  }
}
