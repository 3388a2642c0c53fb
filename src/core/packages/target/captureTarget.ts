import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TargetEnvironment } from './resolveTarget';
import { lastLine } from './resolveTarget';
import { isolatedEnv, runProcess } from './runProcess';
import { compareTrees, listTree, type TreeState } from './treeState';

export const CAPTURE_PREFIX = 'snakepit-capture-';

export interface CapturedRoot {
  /** A directory pip may write to: the whole prefix of a venv. */
  path: string;
  /** A tar (POSIX format: modes and nanosecond mtimes) of the directory as it was. */
  archive: string;
  state: TreeState;
}

/** Everything needed to put the target back exactly as it was. Discard it with {@link discardCapture}. */
export interface TargetCapture {
  target: TargetEnvironment;
  /** Temp dir holding the archives; removed by discardCapture. */
  dir: string;
  roots: CapturedRoot[];
  /** The installed distributions as `name==version` lines, sorted (what `pip freeze --all` lists for regular installs). */
  freeze: string;
  files: number;
  bytes: number;
  durationMs: number;
}

/**
 * The directories an install may touch. A venv: its whole prefix (wheel `.data/data` files may land
 * anywhere under it). Any other interpreter: site-packages, scripts and include; data files a wheel
 * puts elsewhere under a system prefix are not captured.
 */
export function captureRoots(target: TargetEnvironment): string[] {
  const candidates = target.isVirtualEnv ? [target.prefix] : [...target.sitePackages, target.scriptsDir, target.includeDir];
  const existing = [...new Set(candidates.map((c) => path.resolve(c)))].filter((c) => fs.existsSync(c)).sort();
  return existing.filter((c) => !existing.some((other) => other !== c && c.startsWith(other + path.sep)));
}

/**
 * Stdlib only and with `-S`, so not even a `.pth` file of the environment runs: the distributions'
 * metadata is read from the site-packages directories given on the command line.
 */
const LIST_DISTRIBUTIONS = `import importlib.metadata, sys
names = set()
for d in importlib.metadata.distributions(path=sys.argv[1:]):
    name = d.metadata["Name"]
    if name:
        names.add(f"{name}=={d.version}")
print("\\n".join(sorted(names, key=str.lower)))`;

/** `name==version` of every distribution in the target's site-packages: pip freeze's answer, without running pip. */
export async function listDistributions(target: TargetEnvironment, signal?: AbortSignal): Promise<string> {
  const result = await runProcess(target.python, ['-I', '-S', '-B', '-c', LIST_DISTRIBUTIONS, ...target.sitePackages], { env: isolatedEnv(), timeoutMs: 60_000, signal });
  if (result.exitCode !== 0) throw new Error(`listing the distributions in ${target.prefix} failed (${result.cancelled ? 'cancelled' : `exit ${result.exitCode}`}): ${lastLine(result.stderr)}`);
  return result.stdout;
}

export async function tar(args: string[], what: string): Promise<void> {
  const result = await runProcess('tar', args, { timeoutMs: 600_000 });
  if (result.exitCode !== 0) throw new Error(`${what} failed (tar exit ${result.exitCode}): ${lastLine(result.stderr)}`);
}

/** Archive member name of a path relative to the root. */
export const member = (relative: string) => (relative ? `./${relative}` : '.');

/**
 * Captures the target: a stat listing of every entry (mode, size, mtime to the nanosecond, link
 * target) and a POSIX tar of each root. Writing one archive is far cheaper than copying thousands of
 * small files; a restore extracts only what changed.
 */
export async function captureTarget(target: TargetEnvironment): Promise<TargetCapture> {
  if (process.platform === 'win32') throw new Error('capturing a Python environment for a safe install is not supported on Windows yet');
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), CAPTURE_PREFIX));
  // The listing (a Python process) and the archive (tar) only read the target: run them side by side.
  const listing = listDistributions(target);
  listing.catch(() => undefined);
  try {
    const roots: CapturedRoot[] = [];
    let files = 0;
    let bytes = 0;
    for (const [index, root] of captureRoots(target).entries()) {
      const state = listTree(root);
      const archive = path.join(dir, `${index}.tar`);
      await tar(['--format=posix', '-cpf', archive, '-C', root, '.'], `archiving ${root}`);
      // Listed again after archiving: a difference means something changed the target meanwhile.
      const after = listTree(root);
      const changes = compareTrees(state, after);
      if (changes.differing.length > 0 || changes.touched.length > 0) {
        throw new Error(`${root} changed while it was being captured; try again when nothing else is installing into ${target.prefix}`);
      }
      for (const entry of state.values()) {
        if (entry.type === 'f') {
          files++;
          bytes += entry.size;
        }
      }
      roots.push({ path: root, archive, state });
    }
    const freeze = await listing;
    return { target, dir, roots, freeze, files, bytes, durationMs: Date.now() - started };
  } catch (error) {
    await listing.catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Deletes the capture's archives. */
export function discardCapture(capture: TargetCapture): void {
  fs.rmSync(capture.dir, { recursive: true, force: true });
}
