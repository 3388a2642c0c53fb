import type { SyntaxNode } from '../parser';

/**
 * A Python literal as Bandit's `_get_literal_value` sees it: strings and numbers
 * as themselves, True/False/None as the strings "True"/"False"/"None", a bare
 * name as its identifier, lists/tuples/sets as arrays; anything else is undefined.
 */
export type LiteralValue = string | number | LiteralValue[] | undefined;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

export function decodeEscapes(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (whole, esc: string) => {
    const first = esc[0];
    if (first === 'x' || first === 'u' || first === 'U') return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (first >= '0' && first <= '7') return String.fromCharCode(parseInt(esc, 8));
    if (first === 'N') return whole;
    return SIMPLE_ESCAPES[esc] ?? whole;
  });
}

/** The prefix letters of a `string` node, lower-cased (`rb`, `f`, ``). */
export function stringPrefix(node: SyntaxNode): string {
  const text = node.text;
  let end = 0;
  while (end < text.length && text[end] !== '"' && text[end] !== "'") end++;
  return text.slice(0, end).toLowerCase();
}

export function isBytes(node: SyntaxNode): boolean {
  return stringPrefix(node).includes('b');
}

/** True for an f-string with at least one `{...}` (Python's JoinedStr). */
export function hasInterpolation(node: SyntaxNode): boolean {
  for (const child of node.namedChildren) if (child?.type === 'interpolation') return true;
  return false;
}

/** The text between the quotes of a plain `string` node, escapes decoded unless raw. */
function plainStringValue(node: SyntaxNode, prefix: string): string {
  const text = node.text;
  const quoteAt = prefix.length;
  const quoteLength = text.startsWith('"""', quoteAt) || text.startsWith("'''", quoteAt) ? 3 : 1;
  const body = text.slice(quoteAt + quoteLength, text.length - quoteLength);
  return prefix.includes('r') || !body.includes('\\') ? body : decodeEscapes(body);
}

/**
 * The value of a string literal that Python would turn into a `str` constant
 * (plain or implicitly concatenated, no interpolation, not bytes), else undefined.
 */
export function stringValue(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') {
    const prefix = stringPrefix(node);
    if (prefix.includes('b')) return undefined;
    if (prefix.includes('f') && hasInterpolation(node)) return undefined;
    return plainStringValue(node, prefix);
  }
  if (node.type === 'concatenated_string') {
    let value = '';
    for (const part of node.namedChildren) {
      if (part?.type !== 'string') continue;
      const piece = stringValue(part);
      if (piece === undefined) return undefined;
      value += piece;
    }
    return value;
  }
  if (node.type === 'parenthesized_expression') return stringValue(unparenthesize(node));
  return undefined;
}

/** Literal (constant-folded by Python) pieces of an f-string, with escapes decoded. */
export function fstringConstantParts(node: SyntaxNode): string[] {
  const raw = stringPrefix(node).includes('r');
  const parts: string[] = [];
  for (const child of node.namedChildren) {
    if (child?.type !== 'string_content') continue;
    const text = child.text;
    parts.push(raw || !text.includes('\\') ? text : decodeEscapes(text));
  }
  return parts;
}

export function isStringNode(node: SyntaxNode | null): boolean {
  return stringValue(node) !== undefined;
}

/** Python's int() of an integer literal (`0o777`, `0x1_FF`, `10`); undefined for anything else. */
export function integerValue(node: SyntaxNode | null): number | undefined {
  if (node?.type !== 'integer') return undefined;
  const text = node.text.replace(/_/g, '').toLowerCase().replace(/l$/, '');
  if (text.startsWith('0o')) return parseInt(text.slice(2), 8);
  if (text.startsWith('0x')) return parseInt(text.slice(2), 16);
  if (text.startsWith('0b')) return parseInt(text.slice(2), 2);
  if (text.endsWith('j')) return undefined;
  return /^0[0-7]+$/.test(text) ? parseInt(text, 8) : Number(text);
}

export function unparenthesize(node: SyntaxNode | null): SyntaxNode | null {
  let current = node;
  while (current?.type === 'parenthesized_expression') {
    let inner: SyntaxNode | null = null;
    for (const child of current.namedChildren) if (child && child.type !== 'comment') inner = child;
    current = inner;
  }
  return current;
}

/** Bandit's `_get_literal_value`. */
export function literalValue(node: SyntaxNode | null): LiteralValue {
  const expr = unparenthesize(node);
  if (!expr) return undefined;
  switch (expr.type) {
    case 'integer':
      return integerValue(expr);
    case 'float':
      return Number(expr.text.replace(/_/g, ''));
    case 'string':
      return isBytes(expr) ? plainStringValue(expr, stringPrefix(expr)) : stringValue(expr);
    case 'concatenated_string':
      return stringValue(expr);
    case 'true':
      return 'True';
    case 'false':
      return 'False';
    case 'none':
      return 'None';
    case 'identifier':
      return expr.text;
    case 'list':
    case 'tuple':
    case 'set': {
      const values: LiteralValue[] = [];
      for (const child of expr.namedChildren) if (child && child.type !== 'comment') values.push(literalValue(child));
      return values;
    }
    default:
      return undefined;
  }
}

/** Python truthiness of a literal value (Bandit's `a or b or default` chains). */
export function truthy(value: LiteralValue): boolean {
  if (value === undefined) return false;
  if (typeof value === 'number') return value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  return value.length > 0;
}
