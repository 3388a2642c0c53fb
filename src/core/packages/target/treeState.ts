import * as fs from 'node:fs';
import * as path from 'node:path';

/** What is compared to call two trees identical: type, permission bits, size, mtime (ns), content or link target. */
export interface EntryState {
  type: 'f' | 'd' | 'l' | 'o';
  mode: number;
  /** Files and links; 0 for directories, whose own size is the file system's business (ext4 never shrinks it). */
  size: number;
  mtimeNs: bigint;
  /** Symlinks only. */
  link?: string;
  /** Not compared; tell whether a file can have changed since an earlier listing. */
  ino: bigint;
  ctimeNs: bigint;
}

export type TreeState = Map<string, EntryState>;

/** Every entry under `root` (symlinks not followed), keyed by path relative to `root` ('' for the root itself). Stats only: no file is read. */
export function listTree(root: string): TreeState {
  const state: TreeState = new Map();
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.lstatSync(full, { bigint: true });
    const base = { mode: Number(stat.mode & 0o7777n), size: Number(stat.size), mtimeNs: stat.mtimeNs, ino: stat.ino, ctimeNs: stat.ctimeNs };
    if (stat.isSymbolicLink()) state.set(relative, { ...base, type: 'l', link: fs.readlinkSync(full) });
    else if (stat.isDirectory()) {
      state.set(relative, { ...base, size: 0, type: 'd' });
      for (const name of fs.readdirSync(full)) visit(relative ? path.join(relative, name) : name);
    } else state.set(relative, { ...base, type: stat.isFile() ? 'f' : 'o' });
  };
  visit('');
  return state;
}

export function sameAttributes(a: EntryState, b: EntryState): boolean {
  return a.type === b.type && a.mode === b.mode && a.mtimeNs === b.mtimeNs && a.size === b.size && a.link === b.link;
}

/** Same inode and ctime: nothing wrote to it or changed its attributes (no program can set ctime back). */
export function untouched(a: EntryState, b: EntryState): boolean {
  return a.ino === b.ino && a.ctimeNs === b.ctimeNs;
}

export interface TreeChanges {
  /** New, missing, or with other attributes (type, mode, size, mtime, link target). */
  differing: string[];
  /** Files with the same attributes but written to or re-created since (other inode or ctime): their content must be compared. */
  touched: string[];
}

/** How `actual` differs from `expected`, by stats alone (no file is read). Paths relative to the root, sorted. */
export function compareTrees(expected: TreeState, actual: TreeState): TreeChanges {
  const differing: string[] = [];
  const touched: string[] = [];
  for (const [relative, entry] of expected) {
    const now = actual.get(relative);
    if (!now || !sameAttributes(entry, now)) differing.push(relative);
    else if (entry.type === 'f' && !untouched(entry, now)) touched.push(relative);
  }
  for (const relative of actual.keys()) if (!expected.has(relative)) differing.push(relative);
  return { differing: differing.sort(), touched: touched.sort() };
}
