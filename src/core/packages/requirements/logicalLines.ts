import type { SourceLocation } from './types';

/** Where one character of a logical line was written. */
export interface Origin {
  line: number;
  column: number;
}

/**
 * One logical line of a requirements file after pip's preprocessing: `\` continuations joined,
 * comments removed, `${VAR}` expanded, surrounding whitespace trimmed. `origins[i]` is where
 * character `i` was written; `origins[text.length]` is the position just after the last one.
 */
export interface LogicalLine {
  text: string;
  origins: Origin[];
  /** The physical lines this logical line was joined from (1-based, inclusive), comments and continuations included. */
  firstLine: number;
  lastLine: number;
}

export interface UndefinedVariable {
  name: string;
  location: SourceLocation;
}

export interface PreprocessedFile {
  lines: LogicalLine[];
  undefinedVariables: UndefinedVariable[];
}

interface Piece {
  text: string;
  origins: Origin[];
}

interface JoinedPiece extends Piece {
  firstLine: number;
  lastLine: number;
}

const COMMENT_LINE = /^\s*#/;
const COMMENT_START = /(^|\s)#/;
const ENV_VAR = /\$\{([A-Z0-9_]+)\}/g;

/** Splits `text` into logical lines the way pip's `preprocess` does (join_lines → ignore_comments → expand_env_variables). */
export function preprocessRequirementsText(text: string, env: Record<string, string | undefined>, file: string): PreprocessedFile {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const lines: LogicalLine[] = [];
  const undefinedVariables: UndefinedVariable[] = [];
  const emit = (piece: Piece, firstLine: number, lastLine: number): void => {
    const cleaned = trim(stripComment(piece));
    if (cleaned.text.length > 0) {
      lines.push({ ...expandVariables(cleaned, env, file, undefinedVariables), firstLine, lastLine });
    }
  };
  let pending: JoinedPiece | undefined;
  physical.forEach((raw, index) => {
    const line = index + 1;
    const isComment = COMMENT_LINE.test(raw);
    if (!raw.endsWith('\\') || isComment) {
      const piece = isComment ? concat(pieceOf(' ', line, 1), pieceOf(raw, line, 1)) : pieceOf(raw, line, 1);
      emit(pending ? concat(pending, piece) : piece, pending?.firstLine ?? line, line);
      pending = undefined;
    } else {
      // pip strips every leading and trailing backslash of a continued line (`line.strip("\\")`).
      const leading = raw.length - raw.replace(/^\\+/, '').length;
      const body = raw.replace(/^\\+/, '').replace(/\\+$/, '');
      const piece = pieceOf(body, line, 1 + leading);
      pending = pending ? { ...concat(pending, piece), firstLine: pending.firstLine, lastLine: line } : { ...piece, firstLine: line, lastLine: line };
    }
  });
  if (pending) {
    emit(pending, pending.firstLine, pending.lastLine);
  }
  return { lines, undefinedVariables };
}

function pieceOf(text: string, line: number, startColumn: number): Piece {
  const origins: Origin[] = [];
  for (let i = 0; i <= text.length; i++) {
    origins.push({ line, column: startColumn + i });
  }
  return { text, origins };
}

function concat(a: Piece, b: Piece): Piece {
  return { text: a.text + b.text, origins: [...a.origins.slice(0, a.text.length), ...b.origins] };
}

function slice(piece: Piece, start: number, end: number): Piece {
  const origins = piece.origins.slice(start, end);
  // The end position is just after the last kept character, on that character's line.
  const last = end > start ? piece.origins[end - 1] : piece.origins[start];
  origins.push(end > start ? { line: last.line, column: last.column + 1 } : last);
  return { text: piece.text.slice(start, end), origins };
}

function stripComment(piece: Piece): Piece {
  const match = COMMENT_START.exec(piece.text);
  return match ? slice(piece, 0, match.index) : piece;
}

function trim(piece: Piece): Piece {
  const start = piece.text.length - piece.text.trimStart().length;
  const end = piece.text.trimEnd().length;
  return start >= end ? slice(piece, 0, 0) : slice(piece, start, end);
}

function expandVariables(piece: Piece, env: Record<string, string | undefined>, file: string, undefinedVariables: UndefinedVariable[]): Piece {
  let text = '';
  const origins: Origin[] = [];
  let cursor = 0;
  for (const match of piece.text.matchAll(ENV_VAR)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    text += piece.text.slice(cursor, start);
    origins.push(...piece.origins.slice(cursor, start));
    const value = env[match[1]];
    if (value) {
      text += value;
      // Every character of the value points at the `${VAR}` it came from.
      for (let i = 0; i < value.length; i++) {
        origins.push(piece.origins[start]);
      }
    } else {
      undefinedVariables.push({ name: match[1], location: spanOf(piece.origins, start, end, file) });
      text += match[0];
      origins.push(...piece.origins.slice(start, end));
    }
    cursor = end;
  }
  text += piece.text.slice(cursor);
  origins.push(...piece.origins.slice(cursor));
  return { text, origins };
}

/** The source span of characters `[start, end)` of a logical line. */
export function spanOf(origins: Origin[], start: number, end: number, file: string): SourceLocation {
  const first = origins[Math.min(start, origins.length - 1)];
  const afterLast = end > start ? endOf(origins, end) : first;
  return { file, line: first.line, column: first.column, endLine: afterLast.line, endColumn: afterLast.column };
}

function endOf(origins: Origin[], end: number): Origin {
  const last = origins[end - 1];
  return { line: last.line, column: last.column + 1 };
}
