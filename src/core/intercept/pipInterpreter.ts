import * as fs from 'node:fs';
import * as path from 'node:path';
import { runProcess } from '../packages/target/runProcess';
import { findRealTool } from './realTool';

/**
 * The interpreter a pip executable runs under, without running anything it installed: pip's console
 * script names it in its shebang (`#!/venv/bin/python3.11`). A launcher that is not Python (pyenv's bash
 * shims, `#!/usr/bin/env python3`) is asked `--version`, which pip answers with its own location
 * (`pip 23.2.1 from <site-packages>/pip (python 3.11)`), and the interpreter is found beside that prefix.
 */
export async function pipInterpreter(pip: string): Promise<string> {
  const shebang = readShebang(pip);
  if (shebang) {
    const [program, ...rest] = shebang.split(/\s+/);
    if (/\/python[\d.]*$/.test(program) && fs.existsSync(program)) return program;
    if (path.basename(program) === 'env' && rest.length === 1 && /^python[\d.]*$/.test(rest[0])) {
      const found = findRealTool(rest[0]);
      if (found) return found;
    }
  }
  const result = await runProcess(pip, ['--version'], { timeoutMs: 60_000 });
  const match = /from (.+)[/\\]pip \(python (\d+\.\d+)\)/.exec(result.stdout);
  if (result.exitCode !== 0 || !match) throw new Error(`${pip} --version did not say where pip lives (exit ${result.exitCode}): ${result.stderr.trim() || result.stdout.trim()}`);
  const [, sitePackages, version] = match;
  const candidates = interpreterCandidates(sitePackages, version);
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`cannot find the interpreter of ${pip} (pip lives in ${sitePackages}; tried ${candidates.join(', ')}); run \`python -m pip …\` with the interpreter you mean`);
  return found;
}

function readShebang(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(512);
    const text = buffer.subarray(0, fs.readSync(fd, buffer, 0, 512, 0)).toString('utf8');
    return text.startsWith('#!') ? text.slice(2).split('\n')[0].trim() : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** `<prefix>/lib/pythonX.Y/site-packages` (venvs, pyenv, /usr/local) or Debian's `/usr/lib/python3/dist-packages` → `<prefix>/bin/python…`. */
function interpreterCandidates(sitePackages: string, version: string): string[] {
  const lib = path.dirname(sitePackages);
  const prefix = path.dirname(path.dirname(lib));
  const debianPrefix = path.dirname(path.dirname(lib.endsWith('python3') ? lib : sitePackages));
  return [...new Set([prefix, debianPrefix])].flatMap((p) => [path.join(p, 'bin', `python${version}`), path.join(p, 'bin', 'python3'), path.join(p, 'bin', 'python')]);
}
