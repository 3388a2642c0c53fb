import * as fs from 'node:fs';
import * as path from 'node:path';
import { listDistributions, member, tar, type CapturedRoot, type TargetCapture } from './captureTarget';
import { lastLine } from './resolveTarget';
import { runProcess } from './runProcess';
import { compareTrees, listTree } from './treeState';

export interface RestoreResult {
  /** Paths that had to be put back or removed. */
  changed: number;
  /** Files whose stats were compared after the restore. */
  verifiedFiles: number;
  durationMs: number;
}

/** The restore could not make the target identical to its capture; the capture is kept so nothing is lost. */
export class RestoreError extends Error {
  constructor(
    message: string,
    readonly capture: TargetCapture,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

/**
 * Puts the captured roots back exactly: new entries removed, changed or missing ones extracted from
 * the capture's archive (content, mode, mtime to the nanosecond), then the attributes of every
 * directory that changed. Only what differs is touched, so unchanged files keep their inodes.
 * Then verifies: the same listing, the same content for every file that was written, and the same
 * installed distributions. Throws a {@link RestoreError} (keeping the capture) when it cannot.
 */
export async function restoreTarget(capture: TargetCapture): Promise<RestoreResult> {
  const started = Date.now();
  let changed = 0;
  for (const root of capture.roots) changed += await restoreRoot(root, path.join(capture.dir, `restore-${path.basename(root.archive)}.list`));
  for (const root of capture.roots) {
    const problem = await verifyRoot(root, path.join(capture.dir, `verify-${path.basename(root.archive)}.list`));
    if (problem) throw new RestoreError(`restoring ${capture.target.prefix} did not bring it back exactly: ${problem}; the capture taken before the install is kept in ${capture.dir}`, capture);
  }
  const freeze = await listDistributions(capture.target);
  if (freeze !== capture.freeze) {
    throw new RestoreError(`after restoring ${capture.target.prefix} its files match but its installed distributions differ; the capture taken before the install is kept in ${capture.dir}`, capture);
  }
  return { changed, verifiedFiles: capture.files, durationMs: Date.now() - started };
}

async function extract(root: CapturedRoot, relatives: string[], listFile: string, recursive: boolean): Promise<void> {
  if (relatives.length === 0) return;
  fs.writeFileSync(listFile, relatives.map((r) => `${member(r)}\0`).join(''));
  await tar(['-xpf', root.archive, '-C', root.path, '--no-wildcards', '--null', recursive ? '--recursion' : '--no-recursion', '-T', listFile], `restoring ${root.path} from its capture`);
}

async function restoreRoot(root: CapturedRoot, listFile: string): Promise<number> {
  fs.mkdirSync(root.path, { recursive: true });
  const { differing, touched } = compareTrees(root.state, listTree(root.path));
  const removed = new Set<string>();
  const insideRemoved = (relative: string) => {
    for (let parent = path.dirname(relative); parent !== '.'; parent = path.dirname(parent)) if (removed.has(parent)) return true;
    return false;
  };
  const toExtract: string[] = [];
  for (const relative of [...differing, ...touched].sort()) {
    if (insideRemoved(relative)) continue;
    const expected = root.state.get(relative);
    const full = path.join(root.path, relative);
    const current = fs.lstatSync(full, { throwIfNoEntry: false });
    // A directory that is still one only needs its attributes back (below).
    if (expected?.type === 'd' && current?.isDirectory()) continue;
    if (current) fs.rmSync(full, { recursive: true, force: true });
    removed.add(relative);
    if (expected) toExtract.push(relative);
  }
  await extract(root, toExtract, listFile, true);
  // Putting entries back changed their parents' mtimes: reset the attributes of every directory that differs.
  const now = listTree(root.path);
  const dirs = [...root.state].filter(([relative, entry]) => {
    const current = now.get(relative);
    return entry.type === 'd' && (!current || current.mode !== entry.mode || current.mtimeNs !== entry.mtimeNs);
  });
  await extract(
    root,
    dirs.map(([relative]) => relative),
    listFile,
    false,
  );
  return differing.length + touched.length;
}

/** '' when the root matches its capture, else what differs. */
async function verifyRoot(root: CapturedRoot, listFile: string): Promise<string> {
  const { differing, touched } = compareTrees(root.state, listTree(root.path));
  if (differing.length > 0) return `${differing.length} path(s) differ under ${root.path} (${differing.slice(0, 5).join(', ')}${differing.length > 5 ? ', …' : ''})`;
  if (touched.length === 0) return '';
  // Files written since the capture: their content must be the archived one (tar --diff compares it).
  fs.writeFileSync(listFile, touched.map((r) => `${member(r)}\0`).join(''));
  const result = await runProcess('tar', ['-df', root.archive, '-C', root.path, '--no-wildcards', '--null', '--no-recursion', '-T', listFile], { timeoutMs: 600_000 });
  return result.exitCode === 0 ? '' : `content differs under ${root.path}: ${lastLine(result.stdout || result.stderr)}`;
}
