import type { Reason } from '../../reasons';
import { makeReason } from '../reasonCatalog';
import { linkStaysInside, normalizeEntryName, unsafeEntryName } from './entryName';
import { wantsContent } from './distFiles';
import type { ArchiveLimits } from './limits';

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'special';

export interface EntryHeader {
  /** The name as stored in the archive. */
  name: string;
  type: EntryType;
  /** Declared uncompressed size. */
  size: number;
  /** Compressed size, when the format stores one per entry (zip). */
  compressedSize?: number;
  /** Target of a link, when known from the header (tar). */
  linkTarget?: string;
}

/** What to do with one entry: read it whole, read its first bytes, skip it, or stop reading the archive. */
export type EntryAction = { action: 'read' | 'head'; path: string } | { action: 'skip' } | { action: 'stop' };

const MIB = 1024 ** 2;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes < MIB ? 2 : 0)} MiB`;

/**
 * The one place that decides, entry by entry, what an archive reader may do.
 * Every refusal becomes a reason naming the entry; nothing is ever written to disk.
 */
export class EntryPolicy {
  readonly reasons: Reason[] = [];
  truncated = false;
  private entries = 0;
  private totalBytes = 0;
  private readonly seen = new Set<string>();

  /** `archiveBytes`: the archive's size on disk, for the whole-archive ratio check (formats that declare sizes up front). */
  constructor(
    private readonly archive: string,
    private readonly limits: ArchiveLimits,
    private readonly archiveBytes?: number,
  ) {}

  decide(entry: EntryHeader): EntryAction {
    if (this.truncated) return { action: 'stop' };
    if (++this.entries > this.limits.maxEntries) {
      return this.stop(
        makeReason('tooManyEntries', `${this.archive} has more than ${this.limits.maxEntries} entries; reading stopped there. Real distributions rarely exceed a few thousand: do not install it unless you trust its source (raise limits.maxEntries to inspect it whole).`, { file: this.archive }),
      );
    }
    const unsafe = unsafeEntryName(entry.name);
    if (unsafe) {
      this.reasons.push(unsafeNameReason(unsafe, entry.name));
      return { action: 'skip' };
    }
    const path = normalizeEntryName(entry.name);
    if (entry.type === 'directory' || path === '') return { action: 'skip' };
    if (entry.type === 'symlink' || entry.type === 'hardlink') {
      this.reasons.push(linkReason(entry, path));
      return { action: 'skip' };
    }
    if (entry.type === 'special') {
      this.reasons.push(makeReason('specialFile', `${path} is a device, FIFO or socket entry; a distribution has no use for one. Do not install this archive.`, { file: path, evidence: entry.name }));
      return { action: 'skip' };
    }
    if (this.seen.has(path)) {
      this.reasons.push(makeReason('duplicateEntry', `${path} appears more than once; tools disagree on which copy wins, which can hide the installed content from a review.`, { file: path }));
      return { action: 'skip' };
    }
    this.seen.add(path);
    this.totalBytes += entry.size;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      return this.stop(
        makeReason('tooLarge', `${this.archive} declares more than ${mib(this.limits.maxTotalBytes)} uncompressed (reached at ${path}, ${mib(entry.size)}); reading stopped. Treat it as an archive bomb unless you know it is this big (raise limits.maxTotalBytes).`, { file: path, evidence: `${entry.size} bytes` }),
      );
    }
    if (this.archiveBytes !== undefined && this.exceedsRatio(this.totalBytes, this.archiveBytes)) {
      const ratio = Math.round(this.totalBytes / Math.max(this.archiveBytes, 1));
      return this.stop(
        makeReason('compressionRatio', `${this.archive} declares ${mib(this.totalBytes)} by ${path} from ${mib(this.archiveBytes)} on disk (${ratio}:1, over the ${this.limits.maxCompressionRatio}:1 limit): an archive bomb. Reading stopped; do not install it.`, { file: path, evidence: `${this.archiveBytes} → ${this.totalBytes} bytes` }),
      );
    }
    if (entry.compressedSize !== undefined && this.exceedsRatio(entry.size, entry.compressedSize)) {
      const ratio = Math.round(entry.size / Math.max(entry.compressedSize, 1));
      this.reasons.push(makeReason('compressionRatio', `${path} expands ${ratio}:1 (${mib(entry.size)} from ${entry.compressedSize} bytes), over the ${this.limits.maxCompressionRatio}:1 limit: a zip bomb. It was not decompressed; do not install this archive.`, { file: path, evidence: `${entry.compressedSize} → ${entry.size} bytes` }));
      return { action: 'skip' };
    }
    if (!wantsContent(path)) return { action: 'head', path };
    if (entry.size > this.limits.maxFileBytes) {
      this.reasons.push(makeReason('fileSkipped', `${path} (${mib(entry.size)}) is over the ${mib(this.limits.maxFileBytes)} per-file limit and was not inspected; review it by hand or raise limits.maxFileBytes.`, { file: path }));
      return { action: 'head', path };
    }
    return { action: 'read', path };
  }

  /** For streamed formats (tar.gz): the whole stream has expanded past the ratio limit. */
  streamRatioExceeded(decompressed: number, compressed: number): boolean {
    return this.exceedsRatio(decompressed, compressed);
  }

  /** Records a problem found while reading (corrupt data, a bomb noticed mid-stream) and stops. */
  fail(reason: Reason): void {
    this.stop(reason);
  }

  private exceedsRatio(size: number, compressed: number): boolean {
    return size > this.limits.ratioFloorBytes && size / Math.max(compressed, 1) > this.limits.maxCompressionRatio;
  }

  private stop(reason: Reason): EntryAction {
    this.reasons.push(reason);
    this.truncated = true;
    return { action: 'stop' };
  }
}

function unsafeNameReason(kind: NonNullable<ReturnType<typeof unsafeEntryName>>, name: string): Reason {
  const shown = JSON.stringify(name);
  switch (kind) {
    case 'traversal':
      return makeReason('pathTraversal', `entry ${shown} climbs out of the archive with "..": extracting it would write outside the target directory. It was not read; do not install this archive.`, { file: name, evidence: name });
    case 'absolute':
      return makeReason('absolutePath', `entry ${shown} is an absolute path: extracting it would write anywhere on the disk. It was not read; do not install this archive.`, { file: name, evidence: name });
    default:
      return makeReason('unsafeCharacters', `entry ${shown} contains a backslash or control character, which some tools read as a path separator or hide from a listing. It was not read; do not install this archive.`, { file: name, evidence: name });
  }
}

function linkReason(entry: EntryHeader, path: string): Reason {
  const key = entry.type === 'symlink' ? 'symlink' : 'hardlink';
  const kind = entry.type === 'symlink' ? 'symbolic link' : 'hard link';
  const target = entry.linkTarget;
  // A hard link's target is relative to the archive root, a symlink's to the link's own directory.
  const base = entry.type === 'hardlink' ? '' : path;
  if (target !== undefined && !linkStaysInside(base, target)) {
    return makeReason(key, `${path} is a ${kind} to ${JSON.stringify(target)}, outside the archive: extracting it lets later entries write through it anywhere. It was not followed; do not install this archive.`, { file: path, evidence: `${path} -> ${target}`, severity: 'high' });
  }
  return makeReason(key, `${path} is a ${kind}${target !== undefined ? ` to ${JSON.stringify(target)}` : ''}; it was not followed. Installers handle links inconsistently: check that the archive needs it.`, { file: path, evidence: target !== undefined ? `${path} -> ${target}` : path });
}
