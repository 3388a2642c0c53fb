import * as zlib from 'node:zlib';
import type { SyntaxNode } from '../../../analysis/parser';
import { literalValue, unparenthesize } from '../../../analysis/security/literals';

/** Bounds of static decoding: a package cannot make the inspector inflate a bomb or recurse without end. */
export const DECODE_LIMITS = { maxInput: 256 * 1024, maxOutput: 256 * 1024, maxDepth: 6 } as const;

export interface Decoded {
  value: Buffer;
  /** How it was hidden, outermost last: `base64`, `hex`, `chr codes`, `reversed`, `zlib`, `rot13` … */
  how: string[];
}

type Resolve = (name: SyntaxNode) => SyntaxNode | undefined;

const BASE64_FNS = /^(base64\.)?(b64decode|standard_b64decode|urlsafe_b64decode|decodebytes|decodestring)$|^binascii\.a2b_base64$/;
const HEX_FNS = /^(binascii\.)?(unhexlify|a2b_hex)$|^(bytes|bytearray)\.fromhex$|^base64\.b16decode$/;
const B32_FNS = /^base64\.b32decode$/;
const INFLATE_FNS = /^(zlib\.decompress|gzip\.decompress)$/;
const CODEC = /^(rot[_-]?13|hex|hex_codec|base64|base_64|base64_codec|zlib|zlib_codec)$/i;

function calleeText(call: SyntaxNode): string {
  return call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
}

function args(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && c.type !== 'comment' && c.type !== 'keyword_argument');
}

function rot13(text: string): string {
  return text.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function fromBase64(data: Buffer): Buffer | undefined {
  const text = data.toString('latin1').replace(/\s+/g, '');
  if (text.length < 4 || !/^[A-Za-z0-9+/_-]+=*$/.test(text)) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function fromHex(data: Buffer): Buffer | undefined {
  const text = data.toString('latin1').replace(/\s+/g, '');
  if (text.length < 2 || text.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

function fromBase32(data: Buffer): Buffer | undefined {
  const text = data.toString('latin1').replace(/=+$/, '').toUpperCase();
  if (!/^[A-Z2-7]+$/.test(text)) return undefined;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of text) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function inflate(data: Buffer): Buffer | undefined {
  try {
    if (data[0] === 0x1f && data[1] === 0x8b) return zlib.gunzipSync(data, { maxOutputLength: DECODE_LIMITS.maxOutput });
    if (data[0] === 0x78) return zlib.inflateSync(data, { maxOutputLength: DECODE_LIMITS.maxOutput });
    return zlib.inflateRawSync(data, { maxOutputLength: DECODE_LIMITS.maxOutput });
  } catch {
    return undefined;
  }
}

/** Literal integers of a list/tuple (character or byte codes); undefined unless all of them are. */
function integerList(node: SyntaxNode | null | undefined): number[] | undefined {
  const expr = unparenthesize(node ?? null);
  if (!expr || (expr.type !== 'list' && expr.type !== 'tuple')) return undefined;
  const values = literalValue(expr);
  if (!Array.isArray(values) || values.length === 0 || values.length > DECODE_LIMITS.maxInput) return undefined;
  return values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 0x110000) ? (values as number[]) : undefined;
}

function codesToBuffer(codes: number[]): Buffer {
  // In chunks: spreading a quarter of a million arguments overflows the stack.
  const parts: string[] = [];
  const limited = codes.slice(0, DECODE_LIMITS.maxOutput);
  for (let i = 0; i < limited.length; i += 4096) parts.push(String.fromCodePoint(...limited.slice(i, i + 4096)));
  return Buffer.from(parts.join(''), 'utf8');
}

/** `''.join(map(chr, [..]))`, `''.join(chr(c) for c in [..])`, `''.join([chr(c - 3) for c in [..]])` with literal codes. */
function chrJoin(call: SyntaxNode): number[] | undefined {
  // `f(x for x in y)`: the generator is the argument list itself.
  const list = call.childForFieldName('arguments');
  const [arg] = list?.type === 'generator_expression' ? [list] : args(call);
  if (!arg) return undefined;
  if (arg.type === 'call' && arg.childForFieldName('function')?.text === 'map') {
    const [fn, seq] = args(arg);
    if (fn?.text === 'chr') return integerList(seq);
    return undefined;
  }
  if (arg.type === 'generator_expression' || arg.type === 'list_comprehension') {
    const body = arg.childForFieldName('body');
    const clause = arg.namedChildren.find((c) => c?.type === 'for_in_clause');
    const codes = integerList(clause?.childForFieldName('right'));
    const variable = clause?.childForFieldName('left')?.text;
    if (!body || !codes || !variable || body.type !== 'call' || body.childForFieldName('function')?.text !== 'chr') return undefined;
    const inner = args(body)[0]?.text.replace(/\s+/g, '');
    if (inner === variable) return codes;
    // A fixed shift: chr(c - 3), chr(c ^ 7), chr(c + 1).
    const shift = new RegExp(`^${variable}([-+^])(\\d+)$`).exec(inner ?? '');
    if (!shift) return undefined;
    const n = Number(shift[2]);
    return codes.map((c) => (shift[1] === '-' ? c - n : shift[1] === '+' ? c + n : c ^ n)).filter((c) => c >= 0 && c < 0x110000);
  }
  return undefined;
}

function chrSum(node: SyntaxNode): number[] | undefined {
  const codes: number[] = [];
  const visit = (n: SyntaxNode | null): boolean => {
    const e = unparenthesize(n);
    if (!e) return false;
    if (e.type === 'binary_operator' && e.childForFieldName('operator')?.text === '+') return visit(e.childForFieldName('left')) && visit(e.childForFieldName('right'));
    if (e.type === 'call' && e.childForFieldName('function')?.text === 'chr') {
      const a = args(e)[0];
      if (a?.type !== 'integer') return false;
      const code = Number(literalValue(a));
      if (!Number.isInteger(code) || code < 0 || code >= 0x110000) return false; // `chr(1_0)` or out of range: not evaluated
      codes.push(code);
      return true;
    }
    return false;
  };
  return visit(node) && codes.length >= 2 ? codes : undefined;
}

/**
 * Statically evaluates an expression that hides a string: base64/hex/base32/base85 of a literal,
 * zlib/gzip, rot13, chr() codes, `bytes([...])`, `[::-1]`, `''.join(reversed(...))`, and
 * concatenations of those, through names (`resolve`) up to DECODE_LIMITS.maxDepth. Plain literals
 * are returned with an empty `how`; undefined for anything it cannot evaluate.
 */
export function evaluateHidden(node: SyntaxNode | null | undefined, resolve: Resolve, depth: number = DECODE_LIMITS.maxDepth): Decoded | undefined {
  const expr = unparenthesize(node ?? null);
  if (!expr || depth < 0) return undefined;
  switch (expr.type) {
    case 'string':
    case 'concatenated_string': {
      if (expr.text.length > DECODE_LIMITS.maxInput) return undefined;
      const value = literalValue(expr);
      if (typeof value !== 'string') return undefined;
      const bytes = /^[a-z]*b/i.test(expr.text) && !/^[a-z]*f/i.test(expr.text) ? Buffer.from(value, 'latin1') : Buffer.from(value, 'utf8');
      return { value: bytes, how: [] };
    }
    case 'identifier': {
      const target = resolve(expr);
      return target ? evaluateHidden(target, resolve, depth - 1) : undefined;
    }
    case 'subscript': {
      const slice = expr.childForFieldName('subscript');
      if (!slice || slice.text.replace(/\s+/g, '') !== '::-1') return undefined;
      const inner = evaluateHidden(expr.childForFieldName('value'), resolve, depth - 1);
      if (!inner) return undefined;
      return { value: Buffer.from([...inner.value.toString('utf8')].reverse().join(''), 'utf8'), how: [...inner.how, 'reversed'] };
    }
    case 'binary_operator': {
      if (expr.childForFieldName('operator')?.text !== '+') return undefined;
      const codes = chrSum(expr);
      if (codes) return { value: codesToBuffer(codes), how: ['chr codes'] };
      const left = evaluateHidden(expr.childForFieldName('left'), resolve, depth - 1);
      const right = left && evaluateHidden(expr.childForFieldName('right'), resolve, depth - 1);
      if (!left || !right) return undefined;
      return { value: Buffer.concat([left.value, right.value]), how: [...new Set([...left.how, ...right.how])] };
    }
    case 'call':
      return evaluateCall(expr, resolve, depth);
    default:
      return undefined;
  }
}

function evaluateCall(call: SyntaxNode, resolve: Resolve, depth: number): Decoded | undefined {
  const callee = calleeText(call);
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  const [first, second] = args(call);
  if (last === 'join' && /^(''|"")\.join$/.test(callee)) {
    const codes = chrJoin(call);
    if (codes) return { value: codesToBuffer(codes), how: ['chr codes'] };
    // ''.join(reversed('...'))
    if (first?.type === 'call' && first.childForFieldName('function')?.text === 'reversed') {
      const inner = evaluateHidden(args(first)[0], resolve, depth - 1);
      if (inner) return { value: Buffer.from([...inner.value.toString('utf8')].reverse().join(''), 'utf8'), how: [...inner.how, 'reversed'] };
    }
    return undefined;
  }
  if ((callee === 'bytes' || callee === 'bytearray') && first) {
    const codes = integerList(first);
    if (codes && codes.every((c) => c < 256)) return { value: Buffer.from(codes), how: ['byte codes'] };
    return undefined;
  }
  // Method on a value: x.decode(), x.encode(), x.decode('rot13'/'base64'/'hex'), bytes.fromhex via attribute on a literal.
  const object = call.childForFieldName('function')?.childForFieldName('object') ?? null;
  if ((last === 'decode' || last === 'encode') && object && call.childForFieldName('function')?.type === 'attribute' && callee !== 'codecs.decode' && callee !== 'codecs.encode') {
    const inner = evaluateHidden(object, resolve, depth - 1);
    if (!inner) return undefined;
    const codec = first ? literalValue(first) : undefined;
    if (typeof codec === 'string' && CODEC.test(codec)) return applyCodec(inner, codec);
    return inner;
  }
  if ((callee === 'codecs.decode' || callee === 'codecs.encode') && first && second) {
    const codec = literalValue(second);
    const inner = evaluateHidden(first, resolve, depth - 1);
    if (!inner || typeof codec !== 'string' || !CODEC.test(codec)) return undefined;
    return applyCodec(inner, codec);
  }
  if (!first) return undefined;
  const decoder = BASE64_FNS.test(callee) || BASE64_FNS.test(last) ? fromBase64 : HEX_FNS.test(callee) || last === 'unhexlify' || last === 'fromhex' ? fromHex : B32_FNS.test(callee) ? fromBase32 : INFLATE_FNS.test(callee) || (last === 'decompress' && /zlib|gzip/.test(callee)) ? inflate : undefined;
  if (!decoder) return undefined;
  const inner = evaluateHidden(first, resolve, depth - 1);
  if (!inner) return undefined;
  const out = decoder(inner.value);
  if (!out) return undefined;
  const how = decoder === fromBase64 ? 'base64' : decoder === fromHex ? 'hex' : decoder === fromBase32 ? 'base32' : 'zlib';
  return { value: out.subarray(0, DECODE_LIMITS.maxOutput), how: [...inner.how, how] };
}

function applyCodec(inner: Decoded, codec: string): Decoded | undefined {
  const name = codec.toLowerCase();
  if (name.startsWith('rot')) return { value: Buffer.from(rot13(inner.value.toString('utf8')), 'utf8'), how: [...inner.how, 'rot13'] };
  if (name.startsWith('hex')) {
    const out = fromHex(inner.value);
    return out ? { value: out, how: [...inner.how, 'hex'] } : undefined;
  }
  if (name.startsWith('base')) {
    const out = fromBase64(inner.value);
    return out ? { value: out, how: [...inner.how, 'base64'] } : undefined;
  }
  const out = inflate(inner.value);
  return out ? { value: out, how: [...inner.how, 'zlib'] } : undefined;
}

/** Mostly printable text (what a hidden command, URL or path decodes to), as a string; undefined for binary data. */
export function printableText(bytes: Buffer): string | undefined {
  if (bytes.length < 4) return undefined;
  const text = bytes.toString('utf8');
  let printable = 0;
  const sample = Math.min(text.length, 4096);
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c !== 0x7f && c !== 0xfffd) || c === 0x0a || c === 0x0d || c === 0x09) printable++;
  }
  return printable / sample >= 0.95 ? text : undefined;
}
