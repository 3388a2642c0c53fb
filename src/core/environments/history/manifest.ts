import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listTree } from '../../packages/target/treeState';
import type { BlobStore } from './blobStore';

export interface ManifestEntry {
  type: 'f' | 'd' | 'l';
  /** Permission bits. */
  mode: number;
  /** Files: hex sha256 of the content (kept in the blob store). */
  sha256?: string;
  size?: number;
  /** Symlinks: the target as written. */
  link?: string;
  /** Nanoseconds as a decimal string (restored to the microsecond). */
  mtimeNs: string;
  /** Not compared: tell whether a file can be unchanged since this manifest without reading it. */
  ino?: string;
  ctimeNs?: string;
}

/** Every entry under each root, relative to it ('' is the root). */
export interface Manifest {
  roots: string[];
  trees: Array<Record<string, ManifestEntry>>;
}

/** Something other than a file, directory or symlink (a socket, a fifo) cannot be restored: the capture refuses it. */
export class UnsupportedEntryError extends Error {}

/**
 * Lists the roots and hashes every file into the blob store. A file whose inode, ctime, size and
 * mtime are those of `previous` keeps its recorded digest unread (nothing can write a file without
 * changing its ctime), so a manifest after a small change reads only the changed files.
 */
export function takeManifest(roots: string[], blobs: BlobStore, previous?: Manifest): Manifest {
  const trees: Manifest['trees'] = [];
  for (const [index, root] of roots.entries()) {
    const before = previous?.roots[index] === root ? previous.trees[index] : undefined;
    const tree: Record<string, ManifestEntry> = {};
    if (!fs.existsSync(root)) {
      trees.push(tree);
      continue;
    }
    for (const [relative, stat] of listTree(root)) {
      const base = { mode: stat.mode, mtimeNs: stat.mtimeNs.toString() };
      if (stat.type === 'd') tree[relative] = { type: 'd', ...base };
      else if (stat.type === 'l') tree[relative] = { type: 'l', ...base, link: stat.link };
      else if (stat.type === 'f') {
        const known = before?.[relative];
        const ino = stat.ino.toString();
        const ctimeNs = stat.ctimeNs.toString();
        // A digest carried over from the previous manifest has its blob already (stored when it was taken).
        let sha256 = known?.type === 'f' && known.ino === ino && known.ctimeNs === ctimeNs && known.size === stat.size && known.mtimeNs === base.mtimeNs ? known.sha256 : undefined;
        if (!sha256) {
          const content = fs.readFileSync(path.join(root, relative));
          sha256 = createHash('sha256').update(content).digest('hex');
          blobs.put(sha256, content);
        }
        tree[relative] = { type: 'f', ...base, sha256, size: stat.size, ino, ctimeNs };
      } else throw new UnsupportedEntryError(`${path.join(root, relative)} is neither a file, a directory nor a symlink; Snakepit cannot record it in the environment's history`);
    }
    trees.push(tree);
  }
  return { roots, trees };
}

/** Same content in the sense of rollback: type, mode, file digest, link target (mtimes and inodes aside). */
export function sameEntry(a: ManifestEntry, b: ManifestEntry): boolean {
  return a.type === b.type && a.mode === b.mode && a.sha256 === b.sha256 && a.link === b.link;
}

/** Paths (`root/relative`) whose content, mode or presence differ; empty when the manifests are equal in the sense of rollback. */
export function manifestDifferences(expected: Manifest, actual: Manifest): string[] {
  const differing: string[] = [];
  expected.roots.forEach((root, index) => {
    const want = expected.trees[index] ?? {};
    const have = actual.trees[actual.roots.indexOf(root)] ?? {};
    for (const [relative, entry] of Object.entries(want)) if (!have[relative] || !sameEntry(entry, have[relative])) differing.push(path.join(root, relative));
    for (const relative of Object.keys(have)) if (!want[relative]) differing.push(path.join(root, relative));
  });
  return differing.sort();
}

const isBytecode = (relative: string) => relative.split(path.sep).includes('__pycache__');

function fingerprintLine(relative: string, e: { type: string; mode: number; size?: number; mtimeNs: string; ctimeNs?: string; link?: string }): string {
  if (e.type === 'd') return `${relative}\0d\0${e.mode}\n`;
  if (e.type === 'l') return `${relative}\0l\0${e.mode}\0${e.link}\n`;
  return `${relative}\0${e.type}\0${e.mode}\0${e.size}\0${e.mtimeNs}\0${e.ctimeNs}\n`;
}

/**
 * A cheap digest of the roots' state from stats alone: files' size, mtime and ctime, modes, link
 * targets, which entries exist. Bytecode caches (`__pycache__`) and directory mtimes are left out, so
 * merely importing a package does not count as a change.
 */
export function fingerprint(roots: string[]): string {
  const hash = createHash('sha256');
  for (const root of roots) {
    hash.update(`root ${root}\n`);
    if (!fs.existsSync(root)) continue;
    const tree = listTree(root);
    for (const relative of [...tree.keys()].sort()) {
      if (isBytecode(relative)) continue;
      const e = tree.get(relative)!;
      hash.update(fingerprintLine(relative, { ...e, mtimeNs: e.mtimeNs.toString(), ctimeNs: e.ctimeNs.toString() }));
    }
  }
  return hash.digest('hex');
}

/** The same digest as {@link fingerprint}, from a manifest just taken (no second walk of the tree). */
export function fingerprintOf(manifest: Manifest): string {
  const hash = createHash('sha256');
  manifest.roots.forEach((root, index) => {
    hash.update(`root ${root}\n`);
    const tree = manifest.trees[index];
    for (const relative of Object.keys(tree).sort()) if (!isBytecode(relative)) hash.update(fingerprintLine(relative, tree[relative]));
  });
  return hash.digest('hex');
}

/** The digest of a file by absolute path, as the manifest recorded it. */
export function digestLookup(manifest: Manifest): (absolutePath: string) => string | undefined {
  const digests = new Map<string, string>();
  manifest.roots.forEach((root, index) => {
    for (const [relative, entry] of Object.entries(manifest.trees[index])) if (entry.type === 'f') digests.set(path.join(root, relative), entry.sha256!);
  });
  return (absolutePath) => digests.get(absolutePath);
}
