import { addRawCounts, GroupState, noRawCounts, rawGroup, rawResult, splitLines, type RawCounts, type RawResult } from './raw';

interface Group {
  readonly lines: number;
  readonly counts: RawCounts;
}

/**
 * radon's raw metrics of one document as it is edited: a file's counts are the sum
 * of its groups' (see `rawGroup`), and a group's counts depend on its lines only,
 * so only the groups from the first changed line up to the first group that starts
 * where an old one did, in the unchanged end of the file, are tokenized again; and
 * only the lines around the changed characters are split and stripped again.
 */
export class IncrementalRaw {
  private source = '';
  private lines: string[] = [];
  /** Offset in `source` where each line starts. */
  private starts: number[] = [];
  private groups: Group[] = [];
  private readonly state = new GroupState();

  analyze(source: string): RawResult {
    const old = this.lines;
    const { lines, same, sameEnd } = this.relines(source);

    // Old groups that end before the first changed line are kept as they are (not one the end of the file cut short).
    const groups: Group[] = [];
    let line = 0;
    let k = 0;
    while (k < this.groups.length && line + this.groups[k].lines <= same && line + this.groups[k].lines < old.length) {
      groups.push(this.groups[k]);
      line += this.groups[k].lines;
      k++;
    }
    // From there, tokenize until a group starts where an old group started in the unchanged end.
    const shift = lines.length - old.length;
    let oldStart = line;
    while (line < lines.length) {
      while (k < this.groups.length && oldStart + shift < line) oldStart += this.groups[k++].lines;
      if (k < this.groups.length && oldStart + shift === line && line >= lines.length - sameEnd) break;
      const counts = noRawCounts();
      const next = rawGroup(lines, line, counts, this.state);
      groups.push({ lines: next - line, counts });
      line = next;
    }
    if (line < lines.length) for (; k < this.groups.length; k++) groups.push(this.groups[k]);

    this.groups = groups;
    const total = noRawCounts();
    for (const group of groups) addRawCounts(total, group.counts);
    return rawResult(total);
  }

  /**
   * The stripped lines of `source`, split again only around the part that differs
   * from the last text: `same` lines at the start and `sameEnd` at the end are the old ones.
   */
  private relines(source: string): { lines: string[]; same: number; sameEnd: number } {
    const before = this.source;
    const oldLines = this.lines;
    const oldStarts = this.starts;
    const prefix = commonPrefix(before, source);
    const suffix = commonSuffix(before, source, Math.min(before.length, source.length) - prefix);
    // Split again from a line whose first character and the break before it are unchanged (a line
    // starts after a break, but not between `\r` and `\n`)...
    let first = 0;
    while (first + 1 < oldStarts.length && oldStarts[first + 1] + 1 < prefix) first++;
    // ...to a line whose first character and the break before it are in the unchanged end.
    let end = first;
    while (end < oldStarts.length && oldStarts[end] - 1 < before.length - suffix) end++;
    const shift = source.length - before.length;
    const lines = oldLines.slice(0, first);
    const starts = oldStarts.slice(0, first);
    splitLines(source, oldStarts.length > 0 ? oldStarts[first] : 0, end < oldStarts.length ? oldStarts[end] + shift : source.length, lines, starts);
    for (let k = end; k < oldLines.length; k++) {
      lines.push(oldLines[k]);
      starts.push(oldStarts[k] + shift);
    }
    this.source = source;
    this.lines = lines;
    this.starts = starts;
    return { lines, same: first, sameEnd: oldLines.length - end };
  }
}

/** Compared a block at a time first: comparing two strings is much faster than a loop over their characters. */
const BLOCK = 2048;

/** Length of the longest common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the longest common suffix of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i + BLOCK <= limit && a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)) i += BLOCK;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
