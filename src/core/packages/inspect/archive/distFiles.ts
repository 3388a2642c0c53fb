import type { Reason } from '../../reasons';

/** One regular file of a distribution, as read from the archive (never written to disk). */
export interface DistFile {
  /** Normalised path inside the distribution, `/`-separated, no leading `./`. */
  path: string;
  /** Uncompressed size in bytes. */
  size: number;
  /** The content; undefined when the file was not read (too large, or not needed). For unread binaries `head` holds the first bytes. */
  data?: Buffer;
  /** First bytes of the file (magic numbers), always present when the file was readable. */
  head?: Buffer;
  /** Unix permission bits when the archive records them. */
  mode?: number;
}

export type DistKind = 'wheel' | 'sdist' | 'dir';

/** What an archive reader hands to the heuristics: the files it could read safely and what was wrong with the archive itself. */
export interface DistContents {
  kind: DistKind;
  files: DistFile[];
  /** Archive-level problems: traversal, links, bombs, oversized files (SPK05x). */
  reasons: Reason[];
  /** True when reading stopped early because a limit was hit; the file list is then incomplete. */
  truncated: boolean;
}

/** Which files are read whole: text the heuristics look at. Others keep only their first bytes. */
export function wantsContent(path: string): boolean {
  const lower = path.toLowerCase();
  if (/\.(py|pyw|pyi|pth|txt|cfg|toml|ini|json|sh|bat|cmd|ps1|js|in)$/.test(lower)) return true;
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  return base === 'metadata' || base === 'pkg-info' || base === 'record' || base === 'wheel' || base === 'entry_points.txt' || base === 'setup.py';
}

export const HEAD_BYTES = 64;
