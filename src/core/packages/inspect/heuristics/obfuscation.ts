import type { Reason } from '../../reasons';
import type { SyntaxNode } from '../../../analysis/parser';
import { isDecodeCall, isExecCall } from '../python/callNames';
import { derivesFrom, lastPart, positionalArguments, stringLiteral, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import { looksLikeHiddenPayload } from './payload';
import { snippet, type FileRole } from './heuristic';

const MIN_BLOB = 200;
const BASE64 = /^[A-Za-z0-9+/=_-]+$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

function isChrOfInteger(call: CallFact): boolean {
  if (call.name !== 'chr') return false;
  return positionalArguments(call.node)[0]?.type === 'integer';
}

/** `'so'[::-1]`, `s[::-1]`: a reversed string, the cheapest way to hide a name. */
function reversedString(node: SyntaxNode): boolean {
  return /\[\s*:\s*:\s*-1\s*\]/.test(node.text);
}

/** A list or tuple literal of at least four integers: character codes spelled out. */
function integerSequence(node: SyntaxNode | null | undefined): boolean {
  if (!node || (node.type !== 'list' && node.type !== 'tuple')) return false;
  return node.namedChildren.filter((c) => c?.type === 'integer').length >= 4;
}

/** `''.join(map(chr, [105, …]))` or `''.join(chr(c) for c in (105, …))`: chr() over literal codes. */
function chrOverLiteralCodes(join: CallFact): boolean {
  for (const call of join.node.descendantsOfType('call')) {
    if (call?.childForFieldName('function')?.text !== 'map') continue;
    const [fn, seq] = positionalArguments(call);
    if (fn?.text === 'chr' && integerSequence(seq)) return true;
  }
  for (const clause of join.node.descendantsOfType('for_in_clause')) {
    if (clause && integerSequence(clause.childForFieldName('right')) && /\bchr\s*\(/.test(clause.parent?.text ?? '')) return true;
  }
  return false;
}

const isChrJoin = (call: CallFact) => lastPart(call.name) === 'join' && /\bchr\b/.test(call.node.text) && chrOverLiteralCodes(call);

/** `''.join(map(chr, [105, 109, …]))`, `''.join(chr(c) for c in (…))`, `chr(105)+chr(109)+…`. */
function chrBuilt(facts: PythonFacts, node: SyntaxNode): boolean {
  const inner = facts.calls.filter((c) => c.node.startIndex >= node.startIndex && c.node.endIndex <= node.endIndex);
  if (inner.filter(isChrOfInteger).length >= 4) return true;
  return inner.some(isChrJoin);
}

const hiddenSource = (facts: PythonFacts, node: SyntaxNode) =>
  derivesFrom(facts, node, isDecodeCall) ?? (chrBuilt(facts, node) || reversedString(node) ? ({ name: 'chr/join/reversal' } as const) : undefined);

function statementOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'module' && current.parent.type !== 'block') current = current.parent;
  return current;
}

export function obfuscation(facts: PythonFacts, role: FileRole): Reason[] {
  const reasons: Reason[] = [];
  const file = facts.path;
  const reportedStatements = new Set<number>();
  for (const call of facts.calls) {
    const at = { file, line: call.line, evidence: snippet(call.node) };
    if (isExecCall(call.name)) {
      const arg = positionalArguments(call.node)[0];
      const source = arg && hiddenSource(facts, arg);
      if (source) {
        reasons.push(makeReason('execDecoded', `${file} runs code it first decodes (${call.name} of ${source.name}): the code that runs is hidden from review. Treat the package as malicious unless you decode it and know why.`, at));
        reportedStatements.add(statementOf(call.node).startIndex);
      }
      continue;
    }
    if (call.name === '__import__' || call.name === 'importlib.import_module' || call.name === 'importlib.__import__' || call.name === 'builtins.__import__') {
      const arg = positionalArguments(call.node)[0];
      if (!arg || stringLiteral(arg) !== undefined) continue;
      const concatenatedLiterals = arg.type === 'binary_operator' && arg.descendantsOfType('identifier').length === 0;
      if (hiddenSource(facts, arg) || concatenatedLiterals) {
        reasons.push(makeReason('computedImport', `${file} imports a module whose name is computed to hide it (${snippet(arg)}); find out which module it is.`, at));
      }
      continue;
    }
    if (call.name === 'getattr') {
      const [target, attr] = positionalArguments(call.node);
      if (!target || !attr) continue;
      const base = facts.scope.qualify(target) ?? target.text.replace(/\s+/g, '');
      const onBuiltins = /^(builtins|__builtins__|__builtin__)$/.test(base) || /^(globals\(\)|vars\(builtins\)|__import__\(['"]builtins['"]\))$/.test(base);
      if (!onBuiltins) continue;
      const name = stringLiteral(attr);
      if (typeof name === 'string' && !/^(exec|eval|compile|__import__|execfile)$/.test(name)) continue;
      const hidden = typeof name !== 'string' && hiddenSource(facts, attr);
      const what = typeof name === 'string' ? `name (${name})` : hidden ? 'a name decoded or built at run time' : 'a computed name';
      reasons.push(makeReason('computedBuiltin', `${file} looks up a builtin by ${what} through getattr, a way to call exec/eval without writing them; read what it calls.`, { ...at, severity: hidden ? 'medium' : 'low' }));
      continue;
    }
  }
  // chr()-built strings not already reported as executed.
  const chrStatements = new Map<number, { node: SyntaxNode; count: number; line: number }>();
  for (const call of facts.calls) {
    if (isChrOfInteger(call)) {
      const statement = statementOf(call.node);
      const entry = chrStatements.get(statement.startIndex) ?? { node: statement, count: 0, line: call.line };
      entry.count++;
      chrStatements.set(statement.startIndex, entry);
    } else if (isChrJoin(call)) {
      const statement = statementOf(call.node);
      chrStatements.set(statement.startIndex, { node: statement, count: 4, line: call.line });
    }
  }
  for (const [start, { node, count, line }] of chrStatements) {
    if (count < 4 || reportedStatements.has(start)) continue;
    reasons.push(makeReason('chrJoin', `${file} builds a string from character codes (chr()), which hides its text from a reader and from scanners; decode it to see what it says.`, { file, line, evidence: snippet(node) }));
  }
  for (const str of facts.strings) {
    if (str.value.length < MIN_BLOB) continue;
    const compact = str.value.replace(/\s+/g, '');
    if (compact.length < MIN_BLOB) continue;
    let decoded: Buffer | undefined;
    if (HEX.test(compact)) decoded = Buffer.from(compact, 'hex');
    else if (BASE64.test(compact)) decoded = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (!decoded) continue;
    const payload = looksLikeHiddenPayload(decoded);
    if (!payload) continue;
    reasons.push(makeReason('encodedBlob', `${file} holds a ${compact.length}-character encoded string that decodes to ${payload}; decode it and read it before installing.`, { file, line: str.line, evidence: compact.slice(0, 60), severity: role.installTime ? 'high' : 'medium' }));
  }
  return reasons;
}
