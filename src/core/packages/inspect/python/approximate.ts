import type { SyntaxNode } from '../../../analysis/parser';
import { fstringConstantParts, hasInterpolation, literalValue, unparenthesize } from '../../../analysis/security/literals';
import { evaluateHidden, printableText } from './decode';
import { dottedParts, scopeOf, type Assignment, type PythonFacts } from './pythonFacts';

/** Stand-in for a part of a string that is only known at run time. */
export const UNKNOWN = '…';

export interface Approximation {
  text: string;
  /** How a decoded part was hidden (base64, hex, chr codes, reversed …), when one was. */
  hidden?: string;
}

const MAX_TEXT = 8192;

/** The binding of `name` that a use at `at` sees: the last earlier one in the same function, else a module-level one. */
export function bindingFor(facts: PythonFacts, name: string, at: SyntaxNode, map: Map<string, Assignment[]> = facts.bindings): SyntaxNode[] {
  const list = map.get(name);
  if (!list) return [];
  const scope = scopeOf(at);
  const local = list.filter((a) => a.scope === scope && a.scope !== -1 && a.value.startIndex < at.startIndex);
  if (local.length > 0) return [local[local.length - 1].value];
  return list.filter((a) => a.scope === -1 && (scope !== -1 || a.value.startIndex < at.startIndex)).map((a) => a.value);
}

/**
 * What a string expression can hold, statically: literals, f-strings (interpolations become `…`),
 * `+`/`%`/`.format`, `' '.join([...])`, lists of arguments (joined by spaces), `os.path.join` (by `/`),
 * names bound earlier (same function or module level), and literals hidden by base64/hex/chr/reversal.
 */
export function approximate(facts: PythonFacts, node: SyntaxNode | null | undefined, depth = 4): Approximation {
  const expr = unparenthesize(node ?? null);
  if (!expr || depth < 0) return { text: UNKNOWN };
  switch (expr.type) {
    case 'string':
    case 'concatenated_string': {
      if (expr.type === 'string' && hasInterpolation(expr)) return { text: fstringConstantParts(expr).join(UNKNOWN) || UNKNOWN };
      const value = literalValue(expr);
      return { text: typeof value === 'string' ? value.slice(0, MAX_TEXT) : UNKNOWN };
    }
    case 'identifier':
    case 'attribute': {
      const parts = dottedParts(expr);
      if (!parts) return { text: UNKNOWN };
      const values = bindingFor(facts, parts.join('.'), expr);
      if (values.length === 0) return { text: UNKNOWN };
      return approximate(facts, values[values.length - 1], depth - 1);
    }
    case 'binary_operator': {
      const op = expr.childForFieldName('operator')?.text;
      const left = approximate(facts, expr.childForFieldName('left'), depth - 1);
      if (op === '%') return left;
      if (op !== '+') return { text: UNKNOWN };
      const right = approximate(facts, expr.childForFieldName('right'), depth - 1);
      return join([left, right], '');
    }
    case 'list':
    case 'tuple':
      return join(expr.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').slice(0, 64).map((c) => approximate(facts, c, depth - 1)), ' ');
    case 'call':
      return approximateCall(facts, expr, depth);
    case 'subscript': {
      const value = expr.childForFieldName('value');
      if (value && facts.scope.qualify(value) === 'os.environ') {
        const name = literalValue(expr.childForFieldName('subscript'));
        if (typeof name === 'string') return { text: `%${name}%` };
      }
      const hidden = decodedText(facts, expr);
      return hidden ?? { text: UNKNOWN };
    }
    default:
      return { text: UNKNOWN };
  }
}

function decodedText(facts: PythonFacts, node: SyntaxNode): Approximation | undefined {
  const decoded = evaluateHidden(node, (id) => bindingFor(facts, id.text, id, facts.assignments).pop());
  if (!decoded || decoded.how.length === 0) return undefined;
  const text = printableText(decoded.value);
  return text === undefined ? undefined : { text: text.slice(0, MAX_TEXT), hidden: decoded.how.join(' → ') };
}

function approximateCall(facts: PythonFacts, call: SyntaxNode, depth: number): Approximation {
  const fn = call.childForFieldName('function');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && c.type !== 'comment' && c.type !== 'keyword_argument');
  const fnText = fn?.text ?? '';
  const hidden = decodedText(facts, call);
  if (hidden) return hidden;
  if (fn?.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text;
    const object = fn.childForFieldName('object');
    if (method === 'format' || method === 'strip' || method === 'replace' || method === 'lower' || method === 'encode' || method === 'decode') return approximate(facts, object, depth - 1);
    if (method === 'join' && object) {
      const separator = literalValue(object);
      if (typeof separator === 'string') {
        const list = args[0] ? approximate(facts, args[0], depth - 1) : { text: UNKNOWN };
        return separator === ' ' ? list : { ...list, text: list.text.split(' ').join(separator) };
      }
    }
  }
  if (/^(os\.path\.join|posixpath\.join|ntpath\.join|Path|pathlib\.Path|PurePath|PureWindowsPath|WindowsPath)$/.test(fnText) || /\.joinpath$/.test(fnText)) {
    const base = /\.joinpath$/.test(fnText) ? [approximate(facts, fn?.childForFieldName('object'), depth - 1)] : [];
    return join([...base, ...args.map((a) => approximate(facts, a, depth - 1))], '/');
  }
  if (/^(os\.path\.expanduser|os\.path\.expandvars|os\.path\.abspath|os\.path\.normpath|str|shlex\.join|shlex\.split|os\.fsencode|os\.fsdecode)$/.test(fnText) && args[0]) return approximate(facts, args[0], depth - 1);
  if ((fnText === 'os.getenv' || fnText === 'os.environ.get') && args[0]) {
    const name = literalValue(args[0]);
    if (typeof name === 'string') return { text: `%${name}%` };
  }
  return { text: UNKNOWN };
}

function join(parts: Approximation[], separator: string): Approximation {
  const hidden = parts.find((p) => p.hidden)?.hidden;
  const text = parts.map((p) => p.text).join(separator).slice(0, MAX_TEXT);
  return hidden ? { text, hidden } : { text };
}
