import type { Reason } from '../../reasons';
import type { SyntaxNode } from '../../../analysis/parser';
import { isDecodeCall, isExecCall, isProcessCall } from '../python/callNames';
import { derivesFrom, lastPart, positionalArguments, scopeOf, stringLiteral, underMainGuard, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { approximate, bindingFor } from '../python/approximate';
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

/** `chr(ord(c) ^ key[i])`, `chr(ord(c) - 3)`, `chr(int(b, 2))`: characters computed from other characters, a cipher. */
const CHAR_ARITHMETIC = /\bchr\s*\(\s*(?:ord|int)\s*\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)\s*[\^+\-%*]|\bchr\s*\([^()\n]*\^/;

/** A string put together character by character through a cipher (`s += chr(ord(c) ^ k)` in a loop), followed through names. */
function cipheredChars(facts: PythonFacts, node: SyntaxNode, depth = 3): boolean {
  if (CHAR_ARITHMETIC.test(node.text.slice(0, 2000))) return true;
  if (depth === 0) return false;
  const ids = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier').filter((n): n is SyntaxNode => !!n);
  return ids.slice(0, 20).some((id) => bindingFor(facts, id.text, id).some((value) => value.startIndex !== node.startIndex && cipheredChars(facts, value, depth - 1)));
}

/** `'\x6d\x61\x67\x69\x63'`: a literal spelled out in escape codes, though every character is printable. */
function escapedLiteral(node: SyntaxNode): boolean {
  if (node.type !== 'string' || node.text.length > 20_000) return false;
  const escapes = node.text.match(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{3})/g) ?? [];
  if (escapes.length < 4 || escapes.join('').length < 0.7 * node.text.length) return false;
  const value = stringLiteral(node);
  return value !== undefined && /^[\x20-\x7e]+$/.test(value);
}

const hiddenSource = (facts: PythonFacts, node: SyntaxNode) =>
  derivesFrom(facts, node, isDecodeCall) ??
  (chrBuilt(facts, node) || reversedString(node)
    ? ({ name: 'chr/join/reversal' } as const)
    : cipheredChars(facts, node)
      ? ({ name: 'characters deciphered one by one (chr of ord arithmetic)' } as const)
      : escapedLiteral(node)
        ? ({ name: 'a literal spelled in escape codes' } as const)
        : undefined);

function statementOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'module' && current.parent.type !== 'block') current = current.parent;
  return current;
}

/** `exec(open('pkg/version.py').read())` and friends: reading a version, not hidden code. */
export function execOfLocalFile(call: CallFact): boolean {
  const arg = positionalArguments(call.node)[0];
  if (!arg) return false;
  const text = arg.text.replace(/\s+/g, '');
  return /^(compile\()?(open|io\.open|codecs\.open)\([^()]*(\([^()]*\))?[^()]*\)\.read\(\)/.test(text) || /^(f|fp|fh|file|version_file|fd)\.read\(\)$/.test(text);
}

const MALWARE_SCENE = 'a malware-scene obfuscator';

/** Checked in order: the malware-scene obfuscators first, so "Obfuscated with BlankOBF" is named for what it is. */
const OBFUSCATOR_MARKERS: ReadonlyArray<[RegExp, string]> = [
  [/\bHyperion\b.{0,40}obfusc|\b__obfuscator__\s*=\s*['"]Hyperion|\bBlankOBF\b|\bKramer\b.{0,20}obfusc|\bKramer\s*\(\s*_kramer\s*=|\bdevelopment\.obfuscator\b|\bpy-fuscate\b|\bSpecter\b.{0,20}obfusc/i, MALWARE_SCENE],
  [/\b__pyarmor(__|_enter_\d*__|_exit_\d*__)|\bpyarmor_runtime\b|from\s+pytransform\s+import\s+pyarmor|\bPyArmor\b/, 'PyArmor'],
  [/\bpyobfuscate\b|\bPyObfuscator\b|\bobfuscated\s+(with|by)\s+\w+/i, 'a Python obfuscator'],
];

/** Code protected by an obfuscator: whatever it does cannot be read, so it cannot be reviewed. */
export function obfuscatorRuntime(facts: PythonFacts, role: FileRole): Reason[] {
  if (!/armor|obfusc|pytransform|BlankOBF|_kramer/i.test(facts.source)) return [];
  const head = facts.source.length > 400_000 ? facts.source.slice(0, 200_000) + facts.source.slice(-200_000) : facts.source;
  for (const [pattern, kind] of OBFUSCATOR_MARKERS) {
    const m = pattern.exec(head);
    if (!m) continue;
    const line = head.slice(0, m.index).split('\n').length;
    // Hyperion, BlankOBF, Kramer and the like are made and used for stealers; no publisher ships with them.
    const scene = kind === MALWARE_SCENE;
    const why = scene ? 'these obfuscators come from the info-stealer scene and are not used by legitimate publishers. Do not install it.' : 'Some commercial packages ship this way; install it only if you trust the publisher.';
    return [makeReason('obfuscatorRuntime', `${facts.path} is protected by ${kind} (${m[0]}): its real code is encrypted or scrambled and cannot be reviewed. ${why}`, { file: facts.path, line, evidence: m[0], severity: role.installTime || scene ? 'high' : undefined })];
  }
  return [];
}

const LONG_LINE = 10_000;
/** Lines with code pushed off-screen after which the file counts as hiding code on purpose (and the search stops). */
const PUSHED_ASIDE_REPEATED = 3;
const CODE_AFTER_GAP = /\S[ \t]{150,}(;|exec\s*\(|eval\s*\(|__import__|import\s+\w|getattr\s*\(|os\.system|subprocess)/;
const CODEY = /\b(exec|eval|compile|__import__|getattr)\s*\(|\bimport\s+\w/;

/** Code pushed past the right edge of the editor by a run of spaces, and code packed onto one enormous line. */
export function hiddenLongLines(facts: PythonFacts, role: FileRole): Reason[] {
  const reasons: Reason[] = [];
  let pushedAside = 0;
  const lines = facts.source.split('\n');
  for (let i = 0; i < lines.length && reasons.length < PUSHED_ASIDE_REPEATED; i++) {
    const text = lines[i];
    if (text.length < 160) continue;
    const gap = CODE_AFTER_GAP.exec(text);
    if (gap && !/^\s*#/.test(text)) {
      const tail = text.slice(gap.index + 1).trim();
      reasons.push(makeReason('hiddenLongLine', `${facts.path}:${i + 1} has code pushed ${text.indexOf(tail)} columns to the right, past where an editor or a web diff shows it: a way to hide code from a reviewer. Read the whole line.`, { file: facts.path, line: i + 1, evidence: tail, severity: role.installTime ? 'high' : undefined }));
      pushedAside++;
      continue;
    }
    if (text.length >= LONG_LINE && (CODEY.test(text.slice(0, 2000)) || (text.match(/;/g)?.length ?? 0) >= 50) && !/^\s*[A-Za-z_][\w.]*\s*=\s*[[({'"rbuRBU]/.test(text)) {
      reasons.push(makeReason('hiddenLongLine', `${facts.path}:${i + 1} packs ${text.length} characters of code onto one line, as obfuscators and droppers do; no one writes or reviews code like that. Unpack it before installing.`, { file: facts.path, line: i + 1, evidence: text.slice(0, 120), severity: role.installTime ? 'high' : undefined }));
    }
  }
  // Once could be a stray paste; code pushed off-screen again and again is hidden on purpose.
  if (pushedAside >= PUSHED_ASIDE_REPEATED) return reasons.map((r) => ({ ...r, severity: 'high', message: `${r.message} It is done ${pushedAside} or more times in this file, so it is deliberate.` }));
  return reasons;
}

const IL1 = /\b(?=[Il1]*I)(?=[Il1]*l)[Il][Il1]{5,}\b/g;
const HEXNAMES = /\b_0x[0-9a-f]{4,}\b/g;
const O0 = /\b(?=[O0o]*0)O[O0o]{5,}\b/g;

/** Hangul fillers and other blank-looking letters that Python accepts in names. */
const BLANK_LETTERS = /[\u115f\u1160\u3164\uffa0]/;
const NON_ASCII = /[^\p{ASCII}]/gu;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SCRIPT_TESTS: readonly RegExp[] = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Han}/u, /\p{Script=Hangul}/u, /\p{Script=Arabic}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u, /\p{Script=Canadian_Aboriginal}/u, /\p{Script=Ethiopic}/u];

/** Non-ASCII names that mix scripts in one word, or are made of blank-looking letters: machine-made, not a language. */
function unicodeSoup(source: string): string[] {
  const names = new Set<string>();
  NON_ASCII.lastIndex = 0;
  // Only the words around non-ASCII characters, found from those characters: ASCII text costs nothing.
  for (let m = NON_ASCII.exec(source), seen = 0; m && seen < 20_000 && names.size <= 50; m = NON_ASCII.exec(source), seen++) {
    let start = m.index;
    let end = m.index + m[0].length;
    while (start > 0 && WORD_CHAR.test(source[start - 1])) start--;
    while (end < source.length && WORD_CHAR.test(source[end])) end++;
    NON_ASCII.lastIndex = Math.max(NON_ASCII.lastIndex, end);
    const word = source.slice(start, end);
    if (word.length < 2 || !/^[\p{L}_]/u.test(word) || names.has(word)) continue;
    const scripts = SCRIPT_TESTS.filter((t) => t.test(word)).length;
    if (BLANK_LETTERS.test(word) || scripts >= 3 || (scripts >= 2 && word.length >= 4)) names.add(word);
  }
  return [...names];
}

const STRINGS_AND_COMMENTS = /[rbuRBUfF]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|#[^\n]*/g;

/** The source without string literals and comments (each replaced by spaces): only names are left to judge. */
function codeOnly(source: string): string {
  return source.replace(STRINGS_AND_COMMENTS, (m) => m.replace(/[^\n]/g, ' '));
}

/** Names made to be unreadable: `lIlIIlIl`, `_0x3fa2`, `O0O0oO`, mixed-script or blank-looking names by the dozen. */
export function identifierSoup(facts: PythonFacts, role: FileRole): Reason[] {
  if (facts.source.length > 2_000_000) return [];
  // Strip strings and comments only where the raw text could hold a soup at all.
  const maybe = unicodeSoup(facts.source).length >= 8 || (/[Il1]{6}|_0x[0-9a-f]{4}|O[O0o]{5}/.test(facts.source) && [IL1, HEXNAMES, O0].some((p) => new Set(facts.source.match(p) ?? []).size >= 8));
  if (!maybe) return [];
  const code = codeOnly(facts.source);
  const soup = unicodeSoup(code);
  if (soup.length >= 8) {
    const line = code.slice(0, code.indexOf(soup[0])).split('\n').length;
    return [makeReason('identifierSoup', `${facts.path} uses ${soup.length} names made of mixed-script or blank-looking letters (${soup.slice(0, 3).map((n) => JSON.stringify(n)).join(', ')} …): no language writes like that; an obfuscator renamed everything so that no one can follow the code. Do not install it unless you can read what it does.`, { file: facts.path, line, evidence: soup.slice(0, 6).join(' '), severity: role.installTime ? 'high' : undefined })];
  }
  for (const [pattern, kind] of [[IL1, 'I/l/1'], [HEXNAMES, '_0x…'], [O0, 'O/0/o']] as const) {
    const names = new Set(code.match(pattern) ?? []);
    if (names.size < 8) continue;
    const first = [...names][0];
    const line = code.slice(0, code.indexOf(first)).split('\n').length;
    return [makeReason('identifierSoup', `${facts.path} uses ${names.size} look-alike names made of ${kind} (${[...names].slice(0, 3).join(', ')} …): an obfuscator renamed everything so that no one can follow the code. Do not install it unless you can read what it does.`, { file: facts.path, line, evidence: [...names].slice(0, 6).join(' '), severity: role.installTime ? 'high' : undefined })];
  }
  return [];
}

/** exec/eval/compile of something that is not a literal, in code that runs as the module is imported. */
export function importTimeExec(facts: PythonFacts, role: FileRole): Reason[] {
  if (role.installTime) return [];
  const reasons: Reason[] = [];
  for (const call of facts.calls) {
    if (!isExecCall(call.name) || call.name.startsWith('types.')) continue;
    const arg = positionalArguments(call.node)[0];
    if (!arg || stringLiteral(arg) !== undefined || execOfLocalFile(call) || hiddenSource(facts, arg)) continue;
    if (scopeOf(call.node) !== -1 || underMainGuard(facts, call.node)) continue;
    // A code template with names filled in (`exec('del ' + name)`, `exec(n + ' = torch.' + n)`) is metaprogramming
    // you can read; a local function building code likewise. What runs must be invisible here to count.
    const fn = arg.type === 'call' ? arg.childForFieldName('function') : null;
    if (fn?.type === 'identifier' && facts.functions.has(fn.text)) continue;
    const approx = approximate(facts, arg);
    if (!approx.hidden && approx.text.replace(/…/g, '').trim().length >= 3) continue;
    reasons.push(makeReason('importTimeExec', `${facts.path} runs dynamic code (${call.name}) as soon as it is imported, and the code is not a literal you can read here. Find out what it runs before installing.`, { file: facts.path, line: call.line, evidence: snippet(call.node) }));
  }
  return reasons.slice(0, 3);
}

/** `[sys.executable, '-c', base64.b64decode(…)]`: the interpreter given decoded code on its command line. */
function interpreterProgram(facts: PythonFacts, call: CallFact): { name: string } | undefined {
  const list = positionalArguments(call.node)[0];
  if (list?.type !== 'list' && list?.type !== 'tuple') return undefined;
  const items = list.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const flag = items.findIndex((item, i) => i > 0 && stringLiteral(item) === '-c');
  if (flag < 1 || !items[flag + 1]) return undefined;
  const interpreter = stringLiteral(items[0]) ?? items[0].text;
  if (!/(^|[/\\])(python[\d.]*w?|py)(\.exe)?$|executable$/i.test(interpreter)) return undefined;
  return hiddenSource(facts, items[flag + 1]);
}

export function obfuscation(facts: PythonFacts, role: FileRole): Reason[] {
  const reasons: Reason[] = [...obfuscatorRuntime(facts, role), ...hiddenLongLines(facts, role), ...identifierSoup(facts, role), ...importTimeExec(facts, role)];
  const file = facts.path;
  const reportedStatements = new Set<number>();
  for (const call of facts.calls) {
    const at = { file, line: call.line, evidence: snippet(call.node) };
    const program = isProcessCall(call.name) ? interpreterProgram(facts, call) : undefined;
    if (program) {
      reasons.push(makeReason('execDecoded', `${file} hands the interpreter code it first decodes (python -c of ${program.name}): the code that runs is hidden from review. Treat the package as malicious unless you decode it and know why.`, at));
      reportedStatements.add(statementOf(call.node).startIndex);
      continue;
    }
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
      const builtinsName = (text: string) => /^(builtins|__builtins__|__builtin__)$/.test(text) || /^(globals\(\)|vars\(builtins\)|vars\(__builtins__\)|__import__\(['"]builtins['"]\)|importlib\.import_module\(['"]builtins['"]\))$/.test(text);
      const base = facts.scope.qualify(target) ?? target.text.replace(/\s+/g, '');
      // `b = __builtins__` … getattr(b, …)
      const aliased = target.type === 'identifier' && bindingFor(facts, target.text, target).some((v) => builtinsName(facts.scope.qualify(v) ?? v.text.replace(/\s+/g, '')));
      if (!builtinsName(base) && !aliased) continue;
      const name = stringLiteral(attr);
      if (typeof name === 'string' && !/^(exec|eval|compile|__import__|execfile)$/.test(name)) continue;
      const hidden = typeof name !== 'string' && hiddenSource(facts, attr);
      const built = typeof name !== 'string' ? approximate(facts, attr).text : undefined;
      const execName = built !== undefined && /^(exec|eval|compile|__import__|execfile|open|system)$/.test(built);
      const what = typeof name === 'string' ? `name (${name})` : hidden ? 'a name decoded or built at run time' : execName ? `a name put together from pieces (${built})` : 'a computed name';
      reasons.push(makeReason('computedBuiltin', `${file} looks up a builtin by ${what} through getattr, a way to call exec/eval without writing them; read what it calls.`, { ...at, severity: hidden || execName ? 'medium' : 'low' }));
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
