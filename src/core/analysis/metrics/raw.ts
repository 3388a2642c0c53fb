import type { RawMetrics } from '../types';

/**
 * Raw metrics exactly as radon 5's `raw.analyze` computes them (`radon raw -j`).
 *
 * radon strips every line, then feeds the stripped lines to Python 3.11's
 * `tokenize`, one line at a time, adding further lines while tokenize reports an
 * unfinished string, bracket or backslash continuation. Each such group of
 * lines is then classified as a comment, a docstring or code, and its logical
 * lines are counted from the `:` and `;` operators. This module replays that
 * with a small tokenizer state machine: one linear pass over the text.
 *
 * radon gives up on a file whose tokens never complete (it reports a
 * SyntaxError); here the group simply ends at the end of the file.
 */

export interface RawResult extends RawMetrics {
  singleComments: number;
}

const enum Tok {
  None = 0,
  Comment = 1,
  String = 2,
  Other = 3,
}

/**
 * Length of the operator at `i` (longest match over `token.EXACT_TOKEN_TYPES`:
 * `**=` `...` `//=` `<<=` `>>=`, then `!=` `%=` `&=` `**` `*=` `+=` `-=` `->`
 * `//` `/=` `:=` `<<` `<=` `==` `>=` `>>` `@=` `^=` `|=`, then one of
 * `%&()*+,-./:;<=>@[]^{|}~`), or 0 when no operator starts there.
 */
function operatorLength(line: string, i: number, c: number): number {
  const d = line.charCodeAt(i + 1);
  const e = line.charCodeAt(i + 2);
  switch (c) {
    case 42: // *
    case 47: // /
      if (d === c) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 60: // <
    case 62: // >
      if (d === c) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 46: // .
      return d === 46 && e === 46 ? 3 : 1;
    case 33: // !
      return d === 61 ? 2 : 0;
    case 45: // -
      return d === 61 || d === 62 ? 2 : 1;
    case 58: // :
    case 61: // =
    case 37: // %
    case 38: // &
    case 43: // +
    case 64: // @
    case 94: // ^
    case 124: // |
      return d === 61 ? 2 : 1;
    case 40:
    case 41:
    case 44:
    case 59:
    case 91:
    case 93:
    case 123:
    case 125:
    case 126:
      return 1;
    default:
      return 0;
  }
}
const STRING_PREFIXES = new Set(['r', 'u', 'f', 'b', 'br', 'rb', 'fr', 'rf']);

/** `str.isspace()` for one UTF-16 code unit. */
function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** `str.splitlines()` boundaries other than `\r\n` (handled by the caller). */
function isLineBreak(c: number): boolean {
  return (
    c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x1c || c === 0x1d || c === 0x1e || c === 0x85 ||
    c === 0x2028 || c === 0x2029
  );
}

/** `[l.strip() for l in source.splitlines()]`. */
export function strippedLines(source: string): string[] {
  const lines: string[] = [];
  splitLines(source, 0, source.length, lines);
  return lines;
}

/**
 * The stripped lines of `source` from `from` to `to` (both at line starts, or the
 * end), appended to `lines`, with the offset each starts at appended to `starts`.
 */
export function splitLines(source: string, from: number, to: number, lines: string[], starts?: number[]): void {
  let start = from;
  let i = from;
  while (i < to) {
    const c = source.charCodeAt(i);
    if (isLineBreak(c)) {
      lines.push(pyStrip(source, start, i));
      starts?.push(start);
      i += c === 0x0d && source.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      start = i;
    } else {
      i++;
    }
  }
  if (start < to) {
    lines.push(pyStrip(source, start, to));
    starts?.push(start);
  }
}

function pyStrip(s: string, start: number, end: number): string {
  while (start < end && isPySpace(s.charCodeAt(start))) start++;
  while (end > start && isPySpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `\w` for the purposes of tokenize's `Name` (non-ASCII is taken as a word character). */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c >= 128;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** End of the number token starting at `i` (tokenize's `Number` pattern, approximately). */
function scanNumber(line: string, i: number): number {
  const n = line.length;
  const c0 = line.charCodeAt(i);
  const c1 = line.charCodeAt(i + 1) | 0x20;
  if (c0 === 48 && (c1 === 0x78 || c1 === 0x62 || c1 === 0x6f)) {
    let j = i + 2;
    while (j < n && (isHex(line.charCodeAt(j)) || line.charCodeAt(j) === 95)) j++;
    return j;
  }
  let j = i;
  while (j < n && (isDigit(line.charCodeAt(j)) || line.charCodeAt(j) === 95)) j++;
  if (line.charCodeAt(j) === 46) {
    j++;
    while (j < n && (isDigit(line.charCodeAt(j)) || line.charCodeAt(j) === 95)) j++;
  }
  const e = line.charCodeAt(j) | 0x20;
  if (e === 0x65) {
    let k = j + 1;
    const s = line.charCodeAt(k);
    if (s === 43 || s === 45) k++;
    if (isDigit(line.charCodeAt(k))) {
      j = k;
      while (j < n && (isDigit(line.charCodeAt(j)) || line.charCodeAt(j) === 95)) j++;
    }
  }
  if ((line.charCodeAt(j) | 0x20) === 0x6a) j++;
  return j;
}

/**
 * Scans a string body from `i` for the closing quote. Returns the index after the
 * closing quote, or -1 when the line ends first (`endsWithBackslash` tells
 * whether the last character was an unescaped backslash).
 */
function scanStringBody(line: string, i: number, quote: number, triple: boolean): number {
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (!triple) return i + 1;
      if (line.charCodeAt(i + 1) === quote && line.charCodeAt(i + 2) === quote) return i + 3;
    }
    i++;
  }
  return -1;
}

/** Whether the line ends with an unescaped backslash (a single-quoted string continues). */
function endsWithEscape(line: string, from: number): boolean {
  let i = from;
  const n = line.length;
  while (i < n) {
    if (line.charCodeAt(i) === 92) {
      if (i === n - 1) return true;
      i += 2;
    } else i++;
  }
  return false;
}

export class GroupState {
  parenlev = 0;
  continued = false;
  /** Open string: 0 none, else the quote character code. */
  strQuote = 0;
  strTriple = false;
  /** Tokens other than NL/NEWLINE/ENDMARKER. */
  tokens = 0;
  first: Tok = Tok.None;
  firstStartLine = 0;
  firstEndLine = 0;
  comments = 0;
  lloc = 0;
  /** Current `;`-separated segment: tokens other than comments, and tokens after its last `:` (-1: none). */
  segTokens = 0;
  afterColon = -1;

  reset(): void {
    this.parenlev = 0;
    this.continued = false;
    this.strQuote = 0;
    this.strTriple = false;
    this.tokens = 0;
    this.first = Tok.None;
    this.firstStartLine = 0;
    this.firstEndLine = 0;
    this.comments = 0;
    this.segTokens = 0;
    this.afterColon = -1;
  }

  get open(): boolean {
    return this.strQuote !== 0 || this.parenlev !== 0 || this.continued;
  }

  token(kind: Tok, line: number, colon = false): void {
    if (this.tokens === 0) {
      this.first = kind;
      this.firstStartLine = line;
      this.firstEndLine = line;
    }
    this.tokens++;
    if (kind === Tok.Comment) {
      this.comments++;
      return;
    }
    this.segTokens++;
    if (colon) this.afterColon = 0;
    else if (this.afterColon >= 0) this.afterColon++;
  }

  /** `;` ends a segment that is not the last one (no ENDMARKER in it). */
  semicolon(): void {
    this.tokens++;
    if (this.tokens === 1) this.first = Tok.Other;
    if (this.afterColon >= 0) this.lloc += this.afterColon === 1 ? 1 : 2;
    else if (this.segTokens > 0) this.lloc += 1;
    this.segTokens = 0;
    this.afterColon = -1;
  }

  endGroup(): void {
    if (this.afterColon >= 0) this.lloc += this.afterColon === 0 ? 1 : 2;
    else if (this.segTokens > 0) this.lloc += 1;
  }
}

/** Tokenizes one stripped line, continuing whatever the state left open. */
function tokenizeLine(line: string, lineNo: number, st: GroupState): void {
  const n = line.length;
  let i = 0;
  if (st.strQuote !== 0) {
    const end = scanStringBody(line, 0, st.strQuote, st.strTriple);
    if (end < 0) {
      if (!st.strTriple && !endsWithEscape(line, 0)) st.strQuote = 0; // ERRORTOKEN: the string is abandoned
      return;
    }
    st.strQuote = 0;
    if (st.tokens === 1 && st.first === Tok.String) st.firstEndLine = lineNo;
    i = end;
  } else if (st.parenlev === 0 && !st.continued) {
    if (n === 0) return;
    if (line.charCodeAt(0) === 35) {
      st.token(Tok.Comment, lineNo);
      return;
    }
  } else {
    st.continued = false;
  }
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12) {
      i++;
      continue;
    }
    if (c === 35) {
      st.token(Tok.Comment, lineNo);
      return;
    }
    if (c === 92) {
      if (i === n - 1) {
        st.continued = true;
        return;
      }
      st.token(Tok.Other, lineNo); // ERRORTOKEN
      i++;
      continue;
    }
    if (c === 39 || c === 34) {
      i = startString(line, i, i, lineNo, st);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(line.charCodeAt(i + 1)))) {
      st.token(Tok.Other, lineNo);
      i = scanNumber(line, i);
      continue;
    }
    if (isWord(c)) {
      let j = i + 1;
      while (j < n && isWord(line.charCodeAt(j))) j++;
      const q = line.charCodeAt(j);
      if ((q === 39 || q === 34) && j - i <= 2 && STRING_PREFIXES.has(line.slice(i, j).toLowerCase())) {
        i = startString(line, i, j, lineNo, st);
        continue;
      }
      st.token(Tok.Other, lineNo);
      i = j;
      continue;
    }
    const opLen = operatorLength(line, i, c);
    if (opLen > 0) {
      if (opLen === 1) {
        if (c === 40 || c === 91 || c === 123) st.parenlev++;
        else if (c === 41 || c === 93 || c === 125) st.parenlev--;
      }
      if (opLen === 1 && c === 59) st.semicolon();
      else st.token(Tok.Other, lineNo, opLen === 1 && c === 58);
      i += opLen;
      continue;
    }
    st.token(Tok.Other, lineNo); // ERRORTOKEN
    i++;
  }
}

/** Handles a string literal starting at `start` whose opening quote is at `q`; returns where scanning resumes. */
function startString(line: string, start: number, q: number, lineNo: number, st: GroupState): number {
  const quote = line.charCodeAt(q);
  const triple = line.charCodeAt(q + 1) === quote && line.charCodeAt(q + 2) === quote;
  const bodyStart = q + (triple ? 3 : 1);
  const end = scanStringBody(line, bodyStart, quote, triple);
  if (end >= 0) {
    st.token(Tok.String, lineNo);
    return end;
  }
  if (triple || endsWithEscape(line, bodyStart)) {
    st.token(Tok.String, lineNo);
    st.strQuote = quote;
    st.strTriple = triple;
    return line.length;
  }
  // Unterminated single-quoted string: tokenize emits an ERRORTOKEN for the quote and goes on.
  st.token(Tok.Other, lineNo);
  return start === q ? q + 1 : q;
}

/** The counts of some lines of a file (see `rawGroup`), added up over its groups. */
export interface RawCounts {
  sloc: number;
  blank: number;
  multi: number;
  single: number;
  comments: number;
  lloc: number;
}

export function noRawCounts(): RawCounts {
  return { sloc: 0, blank: 0, multi: 0, single: 0, comments: 0, lloc: 0 };
}

export function addRawCounts(to: RawCounts, counts: RawCounts): void {
  to.sloc += counts.sloc;
  to.blank += counts.blank;
  to.multi += counts.multi;
  to.single += counts.single;
  to.comments += counts.comments;
  to.lloc += counts.lloc;
}

export function rawResult(counts: RawCounts): RawResult {
  const { sloc, blank, multi, single, comments, lloc } = counts;
  return { loc: sloc + blank + multi + single, lloc, sloc, comments, multi, blank, singleComments: single };
}

/**
 * Counts the group of stripped lines starting at line `first` (the lines tokenize
 * reads together: a string, bracket or continuation left open pulls in the next
 * line) into `counts`; returns the line after the group. A group's counts depend on
 * its lines only.
 */
export function rawGroup(lines: readonly string[], first: number, counts: RawCounts, st: GroupState = new GroupState()): number {
  st.reset();
  st.lloc = 0;
  let i = first;
  const total = lines.length;
  tokenizeLine(lines[i], i, st);
  while (st.open && i + 1 < total) {
    i++;
    tokenizeLine(lines[i], i, st);
  }
  const last = i;
  counts.comments += st.comments;
  st.endGroup();
  counts.lloc += st.lloc;
  if (st.tokens === 1 && st.first === Tok.Comment) {
    counts.single++;
  } else if (st.tokens === 1 && st.first === Tok.String) {
    if (st.firstStartLine === st.firstEndLine) counts.single++;
    else {
      for (let k = first; k <= last; k++) {
        if (lines[k].length > 0) counts.multi++;
        else counts.blank++;
      }
    }
  } else {
    for (let k = first; k <= last; k++) {
      if (lines[k].length > 0) counts.sloc++;
      else counts.blank++;
    }
  }
  return last + 1;
}

/** radon's `raw.analyze(source)`. */
export function analyzeRaw(source: string): RawResult {
  const lines = strippedLines(source);
  const counts = noRawCounts();
  const st = new GroupState();
  for (let i = 0; i < lines.length; ) i = rawGroup(lines, i, counts, st);
  return rawResult(counts);
}
