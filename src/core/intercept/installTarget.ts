import * as path from 'node:path';
import { probeTarget, type TargetEnvironment } from '../packages/target';
import { lastLine } from '../packages/target/resolveTarget';
import { isolatedEnv, runProcess } from '../packages/target/runProcess';
import type { InstallLocation } from './installCommand';

/** The environment an intercepted install changes, and the pip options that send the verified wheels there. */
export interface InstallTarget {
  target: TargetEnvironment;
  pipArgs: string[];
  /** For messages: `/work/.venv`, `--user site /root/.local`, `--target /tmp/t`. */
  description: string;
}

/** sysconfig's paths for pip's user scheme or a `--prefix`, asked of the interpreter itself (stdlib, `-S`). */
const SCHEME_PATHS = `import json, sys, sysconfig
kind, where = sys.argv[1], sys.argv[2]
if kind == "user":
    import site
    scheme = sysconfig.get_preferred_scheme("user") if hasattr(sysconfig, "get_preferred_scheme") else "posix_user"
    p = sysconfig.get_paths(scheme, vars={"userbase": site.getuserbase()})
    base = site.getuserbase()
else:
    p = sysconfig.get_paths("posix_prefix", vars={"base": where, "platbase": where, "installed_base": where, "installed_platbase": where})
    base = where
print(json.dumps({"base": base, "purelib": p["purelib"], "platlib": p["platlib"], "scripts": p["scripts"], "include": p.get("include", "")}))`;

/**
 * Where the original command would have installed: the interpreter's environment (sys.prefix; a system
 * or pyenv interpreter too, since the user ran pip on it — pip's own PEP 668 check still applies), its user
 * site (`--user`), a `--prefix`, or a `--target` directory.
 */
export async function installTarget(python: string, location: InstallLocation, cwd = process.cwd()): Promise<InstallTarget> {
  const environment = await probeTarget(python, true);
  if (location.kind === 'environment') return { target: environment, pipArgs: [], description: environment.prefix };
  if (location.kind === 'target') {
    const dir = path.resolve(cwd, location.dir);
    return {
      target: { ...environment, prefix: dir, sitePackages: [dir], scriptsDir: path.join(dir, 'bin'), includeDir: path.join(dir, 'include'), isVirtualEnv: false },
      pipArgs: ['--target', dir],
      description: `--target ${dir}`,
    };
  }
  const where = location.kind === 'prefix' ? path.resolve(cwd, location.dir) : '';
  const result = await runProcess(python, ['-I', '-S', '-B', '-c', SCHEME_PATHS, location.kind, where], { env: isolatedEnv(), timeoutMs: 30_000 });
  if (result.exitCode !== 0) throw new Error(`${python} could not say where ${location.kind === 'user' ? '--user' : `--prefix ${where}`} installs go: ${lastLine(result.stderr)}`);
  const paths = JSON.parse(result.stdout) as { base: string; purelib: string; platlib: string; scripts: string; include: string };
  return {
    target: {
      ...environment,
      prefix: path.resolve(paths.base),
      sitePackages: [...new Set([paths.purelib, paths.platlib].map((p) => path.resolve(p)))],
      scriptsDir: path.resolve(paths.scripts),
      includeDir: path.resolve(paths.include || path.join(paths.base, 'include')),
      isVirtualEnv: false,
    },
    pipArgs: location.kind === 'user' ? ['--user'] : ['--prefix', where],
    description: location.kind === 'user' ? `the user site under ${paths.base}` : `--prefix ${where}`,
  };
}
