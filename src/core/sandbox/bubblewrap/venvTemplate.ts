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

const BASE_PTH = '_snakepit_venv_base.pth';

function sitePackagesOf(venv: string): string | undefined {
  const lib = path.join(venv, 'lib');
  const python = fs.existsSync(lib) ? fs.readdirSync(lib).find((name) => /^python3\.\d+$/.test(name)) : undefined;
  const sitePackages = python && path.join(lib, python, 'site-packages');
  return sitePackages && fs.existsSync(sitePackages) ? sitePackages : undefined;
}

/**
 * A template's "thin" twin: the same venv with an empty site-packages holding one `.pth` line that
 * adds the template's site-packages (pip, setuptools) at the end of sys.path. The engine binds that
 * directory read-only at the same path, so sandboxes share it without copying 26 MB each time, and
 * cannot change it; what pip installs lands in the sandbox's own site-packages and shadows the base
 * (upgrading pip installs a new pip there: pip does not uninstall outside its environment).
 */
async function ensureThinTemplate(template: string, baseSitePackages: string): Promise<string | undefined> {
  const thin = `${template}.thin`;
  if (fs.existsSync(path.join(thin, 'pyvenv.cfg'))) return thin;
  const staging = `${thin}.${process.pid}.tmp`;
  try {
    await copyTree(template, staging);
    const sitePackages = sitePackagesOf(staging);
    if (!sitePackages) throw new Error('no site-packages');
    await removeTree(sitePackages);
    await fs.promises.mkdir(sitePackages);
    await fs.promises.writeFile(path.join(sitePackages, BASE_PTH), `${baseSitePackages}\n`);
    await fs.promises.rename(staging, thin);
  } catch {
    await removeTree(staging);
  }
  return fs.existsSync(path.join(thin, 'pyvenv.cfg')) ? thin : undefined;
}

/**
 * Makes `venv` from the template: a thin venv over the template's read-only site-packages (returned,
 * for the engine to bind), else a full copy (undefined). False when there is no template yet.
 */
export async function copyVenvTemplate(template: string, venv: string): Promise<{ venvBase?: string } | false> {
  if (!fs.existsSync(path.join(template, 'pyvenv.cfg'))) return false;
  const baseSitePackages = sitePackagesOf(template);
  const thin = baseSitePackages && (await ensureThinTemplate(template, baseSitePackages));
  if (thin && baseSitePackages) {
    await copyTree(thin, venv);
    return { venvBase: baseSitePackages };
  }
  await copyTree(template, venv);
  return {};
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
