import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BlobStore } from './blobStore';
import { sameEntry, type Manifest, type ManifestEntry } from './manifest';

export interface RestorePlan {
  remove: string[];
  write: string[];
  /** Missing from the blob store: the restore cannot happen. */
  missingBlobs: string[];
}

/** What making `current` into `target` takes, without touching anything. */
export function planRestore(target: Manifest, current: Manifest, blobs: BlobStore): RestorePlan {
  const plan: RestorePlan = { remove: [], write: [], missingBlobs: [] };
  target.roots.forEach((root, index) => {
    const want = target.trees[index];
    const have = current.trees[current.roots.indexOf(root)] ?? {};
    for (const relative of Object.keys(have)) if (!want[relative]) plan.remove.push(path.join(root, relative));
    for (const [relative, entry] of Object.entries(want)) {
      // A directory that is still one gets its mode and mtime back in any case (applyManifest's last pass).
      if (have[relative] && sameEntry(entry, have[relative]) && (entry.type === 'd' || have[relative].mtimeNs === entry.mtimeNs)) continue;
      plan.write.push(path.join(root, relative));
      if (entry.type === 'f' && !blobs.has(entry.sha256!)) plan.missingBlobs.push(path.join(root, relative));
    }
  });
  return plan;
}

const toTime = (ns: string) => Number(BigInt(ns) / 1000n) / 1e6;

function writeEntry(full: string, entry: ManifestEntry, existing: ManifestEntry | undefined, blobs: BlobStore): void {
  const sameKind = existing?.type === entry.type;
  if (existing && (!sameKind || (entry.type !== 'd' && !sameEntry({ ...entry, mode: 0 }, { ...existing, mode: 0 })))) {
    fs.rmSync(full, { recursive: true, force: true });
  }
  if (entry.type === 'd') {
    fs.mkdirSync(full, { recursive: true });
    // Writable while its contents are put back; its own mode is set afterwards.
    fs.chmodSync(full, 0o700 | entry.mode);
  } else if (entry.type === 'l') {
    if (!fs.lstatSync(full, { throwIfNoEntry: false })) fs.symlinkSync(entry.link!, full);
  } else {
    if (!fs.lstatSync(full, { throwIfNoEntry: false })) fs.copyFileSync(blobs.path(entry.sha256!), full);
    fs.chmodSync(full, entry.mode);
    fs.utimesSync(full, toTime(entry.mtimeNs), toTime(entry.mtimeNs));
  }
}

/**
 * Makes the roots hold exactly the target manifest: extra entries removed (deepest first), missing or
 * different ones written from the blob store with their modes and mtimes, then directory modes and
 * mtimes (deepest first, after their contents). Unchanged files are not touched.
 */
export function applyManifest(target: Manifest, current: Manifest, blobs: BlobStore): number {
  const plan = planRestore(target, current, blobs);
  if (plan.missingBlobs.length > 0) throw new Error(`${plan.missingBlobs.length} file(s) of the target state are missing from the history's store (${plan.missingBlobs.slice(0, 3).join(', ')})`);
  for (const full of plan.remove.sort().reverse()) {
    const parent = path.dirname(full);
    if (fs.existsSync(parent)) fs.chmodSync(parent, fs.statSync(parent).mode | 0o700);
    fs.rmSync(full, { recursive: true, force: true });
  }
  let changed = plan.remove.length;
  target.roots.forEach((root, index) => {
    const want = target.trees[index];
    const have = current.trees[current.roots.indexOf(root)] ?? {};
    const writes = new Set(plan.write.filter((p) => p === root || p.startsWith(root + path.sep)));
    for (const relative of Object.keys(want).sort()) {
      const full = path.join(root, relative);
      if (!writes.has(full) && want[relative].type !== 'd') continue;
      const existing = fs.lstatSync(full, { throwIfNoEntry: false }) ? have[relative] : undefined;
      writeEntry(full, want[relative], existing, blobs);
      if (writes.has(full)) changed++;
    }
    for (const relative of Object.keys(want).sort().reverse()) {
      const entry = want[relative];
      if (entry.type !== 'd') continue;
      const full = path.join(root, relative);
      fs.chmodSync(full, entry.mode);
      fs.utimesSync(full, toTime(entry.mtimeNs), toTime(entry.mtimeNs));
    }
  });
  return changed;
}
