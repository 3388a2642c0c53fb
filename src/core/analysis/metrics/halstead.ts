import type { Halstead } from '../types';

/**
 * Halstead counts as radon 5's HalsteadVisitor keeps them. Operators are only
 * those of BinOp, UnaryOp, BoolOp, AugAssign and Compare nodes, named after
 * their `ast` class (`Add`, `Not`, `Eq`…; `x += 1` and `x + 1` share `Add`).
 * Operands are those nodes' operands. An operand is identified by
 * (enclosing function name, value): a Name by its id, an Attribute by its last
 * attribute name, a Constant by its Python value (so `x`, `a.x` and `'x'` are
 * one operand, as are `1`, `1.0` and `True`), and anything else (a call, a
 * subscript, a nested operation…) by its node, i.e. it is always new.
 */
export class HalsteadCounter {
  readonly operators = new Set<string>();
  /** Operand keys (prefixed with the operand context) that may recur. */
  readonly operands = new Set<string>();
  /** Operands equal to no other: each is one more distinct operand. */
  freshOperands = 0;
  N1 = 0;
  N2 = 0;

  report(): Halstead {
    return halsteadReport(this.operators.size, this.operands.size + this.freshOperands, this.N1, this.N2);
  }

  /** Counts of several parts of a file together: distinct operators and operands over all of them. */
  static merge(parts: readonly HalsteadCounter[]): HalsteadCounter {
    if (parts.length === 1) return parts[0];
    const merged = new HalsteadCounter();
    for (const part of parts) {
      for (const op of part.operators) merged.operators.add(op);
      for (const operand of part.operands) merged.operands.add(operand);
      merged.freshOperands += part.freshOperands;
      merged.N1 += part.N1;
      merged.N2 += part.N2;
    }
    return merged;
  }
}

/** radon's `halstead_visitor_report`. */
export function halsteadReport(h1: number, h2: number, N1: number, N2: number): Halstead {
  const vocabulary = h1 + h2;
  const length = N1 + N2;
  const calculatedLength = h1 && h2 ? h1 * Math.log2(h1) + h2 * Math.log2(h2) : 0;
  const volume = vocabulary !== 0 ? length * Math.log2(vocabulary) : 0;
  const difficulty = h2 !== 0 ? (h1 * N2) / (2 * h2) : 0;
  const effort = difficulty * volume;
  return {
    h1,
    h2,
    N1,
    N2,
    vocabulary,
    length,
    calculatedLength,
    volume,
    difficulty,
    effort,
    time: effort / 18,
    bugs: volume / 3000,
  };
}

// ---------------------------------------------------------------------------
// Operand identity: Python equality of constant values.

/** Key of a `str` value (also used for Name ids and attribute names). */
export function strKey(value: string): string {
  return 's' + value;
}

/** Key of a number literal (`int`, `float`, `complex`); equal numbers share a key, as `1 == 1.0 == True`. */
export function numberKey(text: string): string {
  let t = text.replace(/_/g, '');
  let imaginary = false;
  const last = t.charCodeAt(t.length - 1) | 0x20;
  if (last === 0x6a) {
    imaginary = true;
    t = t.slice(0, -1);
  } else if (last === 0x6c) {
    t = t.slice(0, -1); // Python 2 long suffix
  }
  const lower = t.toLowerCase();
  let key: string;
  if (/^0[xob]/.test(lower) || /^\d+$/.test(lower)) {
    key = intKey(lower);
  } else {
    const value = Number(lower);
    if (Number.isFinite(value) && Number.isInteger(value)) key = BigInt(value).toString();
    else key = 'f' + String(value);
  }
  if (imaginary && key !== '0') return 'n' + key + 'j';
  return 'n' + key;
}

function intKey(lower: string): string {
  try {
    if (/^0+$/.test(lower)) return '0';
    if (/^0[xob]/.test(lower)) return BigInt(lower).toString();
    return BigInt(lower.replace(/^0+(?=\d)/, '')).toString();
  } catch {
    return 'i' + lower;
  }
}

export const TRUE_KEY = 'n1';
export const FALSE_KEY = 'n0';
export const NONE_KEY = 'N';
export const ELLIPSIS_KEY = 'E';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * The value of one string literal's text (prefix, quotes and body), or null
 * for an f-string (a JoinedStr, never equal to another operand).
 * Returns the key prefix `s` (str) or `b` (bytes) followed by the value.
 */
export function stringLiteralValue(text: string): { bytes: boolean; value: string } | null {
  let p = 0;
  let raw = false;
  let bytes = false;
  for (; p < text.length; p++) {
    const c = text.charCodeAt(p) | 0x20;
    if (c === 0x72) raw = true;
    else if (c === 0x62) bytes = true;
    else if (c === 0x66 || c === 0x74) return null; // f-string (or t-string)
    else if (c !== 0x75) break;
  }
  const quote = text[p];
  const triple = text.startsWith(quote + quote + quote, p);
  const q = triple ? 3 : 1;
  let body = text.slice(p + q, text.length - q);
  if (body.indexOf('\r') >= 0) body = body.replace(/\r\n?/g, '\n');
  if (raw || body.indexOf('\\') < 0) return { bytes, value: body };
  return { bytes, value: unescape(body, bytes) };
}

function unescape(body: string, bytes: boolean): string {
  let out = '';
  let i = 0;
  const n = body.length;
  while (i < n) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= n) {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (e >= '0' && e <= '7') {
      let j = i + 1;
      while (j < n && j < i + 4 && body[j] >= '0' && body[j] <= '7') j++;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, j), 8));
      i = j;
    } else if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        out += '\\' + e;
        i += 2;
      } else {
        out += String.fromCodePoint(code);
        i += 2 + len;
      }
    } else {
      // Unknown escapes (and \N{...}, which would need the Unicode name table) stay as written.
      out += '\\' + e;
      i += 2;
    }
  }
  return out;
}
