import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Interpreter } from '../hostDir/interpreter';
import { copyTree, removeTree } from '../hostDir/treeCopy';

/**
 * Creating a venv takes seconds (ensurepip), copying one a fraction of that. Every
 * bubblewrap sandbox sees its venv at the same path (/work/.venv), so a venv made
 * once per interpreter is an exact template: shebangs and pyvenv.cfg stay valid.
 */
export function venvTemplateDir(root: string, interpreter: Interpreter): string {
  const key = createHash('sha256').update(`${interpreter.executable}\0${interpreter.version}\0${interpreter.prefix}`).digest('hex').slice(0, 16);
  return path.join(root, '.venv-templates', key);
}

/** Copies the template into `venv`; false when there is no template yet. */
export async function copyVenvTemplate(template: string, venv: string): Promise<boolean> {
  if (!fs.existsSync(path.join(template, 'pyvenv.cfg'))) return false;
  await copyTree(template, venv);
  return true;
}

/** Keeps a fresh venv as the template (best effort: another process may have saved one first). */
export async function saveVenvTemplate(venv: string, template: string): Promise<void> {
  const staging = `${template}.${process.pid}.tmp`;
  try {
    await fs.promises.mkdir(path.dirname(template), { recursive: true, mode: 0o700 });
    await copyTree(venv, staging);
    await fs.promises.rename(staging, template);
  } catch {
    await removeTree(staging);
  }
}
