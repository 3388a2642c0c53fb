import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The site-packages directories of a prefix laid out the POSIX way (`lib/pythonX.Y/site-packages`,
 * `lib64` when it is a separate directory), found without running the interpreter. Windows layout:
 * `Lib/site-packages`.
 */
export function sitePackagesOf(prefix: string): string[] {
  const found: string[] = [];
  const windows = path.join(prefix, 'Lib', 'site-packages');
  if (process.platform === 'win32' && fs.existsSync(windows)) return [windows];
  for (const lib of ['lib', 'lib64']) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(prefix, lib));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /^python\d+\.\d+t?$/.test(n)).sort()) {
      const dir = path.join(prefix, lib, name, 'site-packages');
      if (fs.existsSync(dir)) found.push(dir);
    }
  }
  const seen = new Set<string>();
  return found.filter((dir) => {
    const real = fs.realpathSync(dir);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/** `3.11` from `lib/python3.11`, for prefixes without pyvenv.cfg (conda, pyenv builds). */
export function versionFromLib(prefix: string): string {
  const match = /python(\d+\.\d+)/.exec(sitePackagesOf(prefix)[0] ?? '');
  return match ? match[1] : '';
}
