import * as fs from 'node:fs';
import * as path from 'node:path';

/** The `key = value` lines of a venv's pyvenv.cfg; undefined when the directory has none. */
export function readPyvenvCfg(prefix: string): Map<string, string> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(prefix, 'pyvenv.cfg'), 'utf8');
  } catch {
    return undefined;
  }
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return values;
}

/** The venv's Python version from pyvenv.cfg (`version` from venv, `version_info` from virtualenv and uv). */
export function pyvenvVersion(cfg: Map<string, string>): string {
  return cfg.get('version') ?? cfg.get('version_info')?.replace(/\.(final|alpha|beta|candidate)\.\d+$/, '') ?? '';
}
