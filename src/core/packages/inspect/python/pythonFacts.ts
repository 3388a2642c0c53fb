import { ImportScope, dottedParts } from '../../../analysis/importScope';
import type { SyntaxNode, Tree } from '../../../analysis/parser';
import { literalValue, unparenthesize, type LiteralValue } from '../../../analysis/security/literals';
import { walk, type NodeVisitor } from '../../../analysis/walk';
import { evaluateHidden, printableText } from './decode';

export interface CallFact {
  /** Callee resolved through the imports (`subprocess.Popen`, `exec`, `s.connect`); `.read` for a method on an expression; '' otherwise. */
  name: string;
  node: SyntaxNode;
  line: number;
}

export interface StringFact {
  value: string;
  line: number;
  /** A bare string statement (docstring): documentation, not data the code uses. */
  docstring: boolean;
  node: SyntaxNode;
  /** Set for a string the code decodes from a literal (base64, hex, chr codes, reversal …): how it was hidden. */
  hidden?: string;
}

/** A def: its parameters and what it returns, for flows through calls in the same file. */
export interface FunctionFact {
  name: string;
  node: SyntaxNode;
  params: string[];
  returns: SyntaxNode[];
}

export interface Assignment {
  value: SyntaxNode;
  /** startIndex of the enclosing function, or -1 at module level: a name means different things in different functions. */
  scope: number;
}

/** The function (or lambda) a node is in, as its startIndex; -1 for module level (class bodies count as module level). */
export function scopeOf(node: SyntaxNode): number {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current.startIndex;
  }
  return -1;
}

export interface ClassFact {
  name: string;
  /** Base classes resolved through the imports. */
  bases: string[];
  line: number;
  node: SyntaxNode;
}

/** What the heuristics need from one Python file, gathered in a single walk of its tree. */
export interface PythonFacts {
  path: string;
  source: string;
  calls: CallFact[];
  /** String literals that can matter to a heuristic: paths, URLs, file names, commands, long blobs (short plain words are left out). */
  strings: StringFact[];
  classes: ClassFact[];
  /** Simple-name assignments: name → every value assigned to it, with the function (or module) it happens in. */
  assignments: Map<string, Assignment[]>;
  /**
   * Every way a name gets a value, for data flow: assignments (tuple targets too), `x += v`, `obj.attr = v`
   * (as `obj.attr`), `d[k] = v` and `d.update(v)`/`l.append(v)` (as `d`), `with … as x`, `for x in v`, `x := v`.
   */
  readonly bindings: Map<string, Assignment[]>;
  functions: Map<string, FunctionFact[]>;
  /** Source ranges under `if __name__ == '__main__':` (run as a script, not on import). */
  mainGuards: Array<[number, number]>;
  /** Environment variables read by literal name (`os.environ['X']`, `os.getenv('X')`, `os.environ.get('X')`). */
  envReads: Array<{ name: string; line: number; node: SyntaxNode }>;
  /** Modules imported anywhere in the file (`a.b` also records `a`). */
  imports: Set<string>;
  scope: ImportScope;
}

const line = (node: SyntaxNode) => node.startPosition.row + 1;

/** Strings shorter than this are kept only when they look like a path, URL, file name or shell command. */
const MIN_INTERESTING_BLOB = 200;
const INTERESTING_STRING = /[/\\.:~]|crontab|socat|mkfifo|nohup|systemctl|launchctl|schtasks|cmd|powershell|\bnc\b|\bsh\b|bash/i;

function calleeName(callee: SyntaxNode | null, scope: ImportScope): string {
  if (!callee) return '';
  const qualified = scope.qualify(callee);
  if (qualified !== undefined) return qualified;
  // `__import__('os').system(...)`, `importlib.import_module('subprocess').Popen(...)`: the module is named, only hidden from imports.
  if (callee.type === 'attribute') {
    const object = callee.childForFieldName('object');
    if (object?.type === 'call') {
      const fn = object.childForFieldName('function');
      const fnName = fn ? scope.qualify(fn) : undefined;
      if (fnName === '__import__' || fnName === 'importlib.import_module' || fnName === 'builtins.__import__') {
        const module = literalValue(object.childForFieldName('arguments')?.namedChildren[0] ?? null);
        if (typeof module === 'string' && /^[\w.]+$/.test(module)) return `${module}.${callee.childForFieldName('attribute')?.text ?? ''}`;
      }
    }
  }
  if (callee.type === 'attribute') return `.${callee.childForFieldName('attribute')?.text ?? ''}`;
  return '';
}

/** Methods that put a value into the object they are called on: data flows into it. */
const MUTATOR = /^(append|extend|update|insert|add|setdefault|appendleft|write|writelines)$/;

/**
 * Every way a name gets a value, for data flow (see PythonFacts.bindings). A walk of its own, made
 * only for the files where a heuristic follows data: most files never need it.
 */
class BindingCollector implements NodeVisitor {
  readonly nodeTypes = ['assignment', 'augmented_assignment', 'with_item', 'for_statement', 'named_expression', 'call', 'function_definition', 'lambda'];
  readonly bindings = new Map<string, Assignment[]>();
  private readonly scopes: Array<{ start: number; end: number }> = [];

  private scopeAt(node: SyntaxNode): number {
    const at = node.startIndex;
    while (this.scopes.length > 0 && this.scopes[this.scopes.length - 1].end <= at) this.scopes.pop();
    return this.scopes.length > 0 ? this.scopes[this.scopes.length - 1].start : -1;
  }

  enter(node: SyntaxNode, type: string): void {
    switch (type) {
      case 'function_definition':
      case 'lambda':
        this.scopeAt(node);
        this.scopes.push({ start: node.startIndex, end: node.endIndex });
        break;
      case 'assignment':
      case 'augmented_assignment':
        this.bindTarget(node.childForFieldName('left'), node.childForFieldName('right'), node);
        break;
      case 'with_item': {
        const value = node.childForFieldName('value');
        if (value?.type === 'as_pattern') this.bindTarget(value.childForFieldName('alias')?.namedChildren[0] ?? value.childForFieldName('alias'), value.namedChildren[0], node);
        break;
      }
      case 'for_statement':
        this.bindTarget(node.childForFieldName('left'), node.childForFieldName('right'), node);
        break;
      case 'named_expression':
        this.bindTarget(node.childForFieldName('name'), node.childForFieldName('value'), node);
        break;
      case 'call': {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'attribute' || !MUTATOR.test(fn.childForFieldName('attribute')?.text ?? '')) break;
        const object = fn.childForFieldName('object');
        const parts = object ? dottedParts(object) : undefined;
        if (parts) for (const v of node.childForFieldName('arguments')?.namedChildren ?? []) if (v) this.bind(parts.join('.'), v, node);
        break;
      }
    }
  }

  private bind(name: string, value: SyntaxNode, at: SyntaxNode): void {
    const entry = { value, scope: this.scopeAt(at) };
    const list = this.bindings.get(name);
    if (list) {
      if (list.length < 64) list.push(entry);
    } else this.bindings.set(name, [entry]);
  }

  /** Binds every name of a target (`a`, `a, b`, `self.x`, `d[k]`) to `value`. */
  private bindTarget(target: SyntaxNode | null | undefined, value: SyntaxNode | null | undefined, at: SyntaxNode): void {
    if (!target || !value) return;
    switch (target.type) {
      case 'identifier':
        this.bind(target.text, value, at);
        return;
      case 'attribute': {
        const parts = dottedParts(target);
        if (parts) this.bind(parts.join('.'), value, at);
        return;
      }
      case 'subscript': {
        const root = target.childForFieldName('value');
        const parts = root ? dottedParts(root) : undefined;
        if (parts) this.bind(parts.join('.'), value, at);
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
        for (const child of target.namedChildren) this.bindTarget(child, value, at);
        return;
      default:
        return;
    }
  }

}

class FactCollector implements NodeVisitor {
  readonly nodeTypes = ['call', 'string', 'concatenated_string', 'assignment', 'class_definition', 'subscript', 'function_definition', 'return_statement', 'lambda'];
  readonly calls: CallFact[] = [];
  readonly strings: StringFact[] = [];
  readonly classes: ClassFact[] = [];
  readonly assignments = new Map<string, Assignment[]>();
  readonly functions = new Map<string, FunctionFact[]>();
  readonly mainGuards: Array<[number, number]> = [];
  /** `'…'[::-1]` on a literal: decoded after the walk. */
  readonly reversedLiterals: SyntaxNode[] = [];
  private readonly functionStack: FunctionFact[] = [];
  /** Open functions and lambdas, innermost last (the walk is in document order): scopeOf without climbing parents. */
  private readonly scopes: Array<{ start: number; end: number }> = [];

  private scopeAt(node: SyntaxNode): number {
    const at = node.startIndex;
    while (this.scopes.length > 0 && this.scopes[this.scopes.length - 1].end <= at) this.scopes.pop();
    return this.scopes.length > 0 ? this.scopes[this.scopes.length - 1].start : -1;
  }
  readonly envReads: Array<{ name: string; line: number; node: SyntaxNode }> = [];

  constructor(private readonly scope: ImportScope) {}

  enter(node: SyntaxNode, type: string): void {
    switch (type) {
      case 'call':
        this.call(node);
        break;
      case 'string':
        if (node.parent?.type !== 'concatenated_string') this.string(node);
        break;
      case 'concatenated_string':
        this.string(node);
        break;
      case 'assignment':
        this.assignment(node);
        break;
      case 'class_definition':
        this.classDefinition(node);
        break;
      case 'subscript':
        this.subscript(node);
        break;
      case 'function_definition':
        this.scopeAt(node);
        this.scopes.push({ start: node.startIndex, end: node.endIndex });
        this.functionDefinition(node);
        break;
      case 'lambda':
        this.scopeAt(node);
        this.scopes.push({ start: node.startIndex, end: node.endIndex });
        break;
      case 'return_statement': {
        const value = node.namedChildren[0];
        // Functions are entered in document order: the innermost open one that contains the return owns it.
        while (this.functionStack.length > 0 && this.functionStack[this.functionStack.length - 1].node.endIndex <= node.startIndex) this.functionStack.pop();
        const fn = this.functionStack[this.functionStack.length - 1];
        if (value && fn) fn.returns.push(value);
        break;
      }
    }
  }

  private functionDefinition(node: SyntaxNode): void {
    const name = node.childForFieldName('name')?.text ?? '';
    const params: string[] = [];
    for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
      if (id?.type === 'identifier') params.push(id.text);
    }
    const fact: FunctionFact = { name, node, params, returns: [] };
    while (this.functionStack.length > 0 && this.functionStack[this.functionStack.length - 1].node.endIndex <= node.startIndex) this.functionStack.pop();
    this.functionStack.push(fact);
    const list = this.functions.get(name);
    if (list) list.push(fact);
    else this.functions.set(name, [fact]);
  }

  private call(node: SyntaxNode): void {
    const name = calleeName(node.childForFieldName('function'), this.scope);
    this.calls.push({ name, node, line: line(node) });
    if (name === 'os.getenv' || name === 'os.environ.get' || name === 'os.environ.pop' || name === 'os.environ.setdefault') {
      const first = node.childForFieldName('arguments')?.namedChildren[0] ?? null;
      const value = literalValue(first);
      if (typeof value === 'string') this.envReads.push({ name: value, line: line(node), node });
    }
  }

  private string(node: SyntaxNode): void {
    // Only strings a heuristic can use (paths, URLs, commands, blobs): decoding every `'utf-8'` costs more than the rest of the walk.
    const raw = node.text;
    if (raw.length < MIN_INTERESTING_BLOB && !INTERESTING_STRING.test(raw)) return;
    const value = literalValue(node);
    if (typeof value !== 'string') return;
    const parent = node.parent;
    const docstring = parent?.type === 'expression_statement' && parent.namedChildCount === 1;
    this.strings.push({ value, line: line(node), docstring, node });
  }

  private assignment(node: SyntaxNode): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) return;
    const assignment = { value: right, scope: this.scopeAt(node) };
    const list = this.assignments.get(left.text);
    if (list) list.push(assignment);
    else this.assignments.set(left.text, [assignment]);
  }

  private classDefinition(node: SyntaxNode): void {
    const bases: string[] = [];
    for (const base of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!base) continue;
      const name = this.scope.qualify(base);
      if (name) bases.push(name);
    }
    this.classes.push({ name: node.childForFieldName('name')?.text ?? '', bases, line: line(node), node });
  }

  private subscript(node: SyntaxNode): void {
    const value = node.childForFieldName('value');
    const type = value?.type;
    if (type === 'string' || type === 'concatenated_string' || type === 'parenthesized_expression') {
      if (/\[\s*:\s*:\s*-1\s*\]$/.test(node.text.slice(-12))) this.reversedLiterals.push(node);
      return;
    }
    if (!node.text.includes('environ')) return;
    if (!value || this.scope.qualify(value) !== 'os.environ') return;
    const key = literalValue(node.childForFieldName('subscript'));
    if (typeof key === 'string') this.envReads.push({ name: key, line: line(node), node });
  }
}

function collectBindings(root: SyntaxNode): Map<string, Assignment[]> {
  const collector = new BindingCollector();
  walk(root, [collector]);
  return collector.bindings;
}

/** Gathers the facts in one walk; `extra` visitors (the security rules) share the walk and the import scope. */
export function collectFacts(path: string, source: string, tree: Tree, scope: ImportScope = new ImportScope(), extra: readonly NodeVisitor[] = []): PythonFacts {
  const collector = new FactCollector(scope);
  walk(tree.rootNode, [scope, collector, ...extra]);
  const imports = new Set<string>();
  for (const record of scope.imports) {
    if (!record.module || record.level > 0) continue;
    const parts = record.module.split('.');
    for (let i = 1; i <= parts.length; i++) imports.add(parts.slice(0, i).join('.'));
    for (const name of record.names) if (name !== '*') imports.add(`${record.module}.${name}`);
  }
  for (const statement of tree.rootNode.namedChildren) {
    if (statement?.type === 'if_statement' && /^if\s+__name__\s*==\s*['"]__main__['"]/.test(statement.childForFieldName('condition')?.text ? `if ${statement.childForFieldName('condition')!.text}` : '')) collector.mainGuards.push([statement.startIndex, statement.endIndex]);
  }
  const root = tree.rootNode;
  let bindings: Map<string, Assignment[]> | undefined;
  const facts: PythonFacts = {
    path,
    source,
    calls: collector.calls,
    strings: collector.strings,
    classes: collector.classes,
    assignments: collector.assignments,
    get bindings() {
      return (bindings ??= collectBindings(root));
    },
    functions: collector.functions,
    mainGuards: collector.mainGuards,
    envReads: collector.envReads,
    imports,
    scope,
  };
  facts.strings.push(...hiddenStrings(facts, collector.reversedLiterals));
  return facts;
}

const DECODING_CALLEE = /(b64decode|decodebytes|decodestring|a2b_base64|unhexlify|a2b_hex|fromhex|b16decode|b32decode|decompress|codecs\.decode|codecs\.encode)$/;

/** Decoding work per file: enough for any real payload, bounded for a file made of nothing else. */
const MAX_HIDDEN_CANDIDATES = 2000;

/**
 * Strings the code decodes from literals (base64/hex/zlib/rot13/chr codes/reversal), decoded here
 * statically and bounded (see DECODE_LIMITS) so that every string heuristic also reads what they hide.
 * Only the outermost decoding expression counts; plain literals are already facts.
 */
function hiddenStrings(facts: PythonFacts, reversedLiterals: readonly SyntaxNode[]): StringFact[] {
  const candidates: SyntaxNode[] = [];
  for (const call of facts.calls) {
    const name = call.name;
    if (call.node.endIndex - call.node.startIndex > 300_000) continue;
    if (name === 'chr') {
      if (call.node.parent?.type !== 'binary_operator') continue;
      let top: SyntaxNode = call.node.parent;
      while (top.parent && (top.parent.type === 'binary_operator' || top.parent.type === 'parenthesized_expression')) top = top.parent;
      candidates.push(top);
      continue;
    }
    if (name === 'bytes' || name === 'bytearray') {
      if (/^\w+\s*\(\s*[[(]\s*\d/.test(call.node.text.slice(0, 40))) candidates.push(call.node);
      continue;
    }
    if (name.endsWith('.join')) {
      if (/\b(chr|reversed)\b/.test(call.node.text.slice(0, 200))) candidates.push(call.node);
      continue;
    }
    if (name === '.decode' || name === '.encode') {
      // `data.decode('utf-8')` on a name is everywhere; only a literal, a decoding call or a codec that hides counts.
      const object = call.node.childForFieldName('function')?.childForFieldName('object');
      const t = object?.type;
      if (t === 'string' || t === 'call' || t === 'subscript' || t === 'concatenated_string' || /rot|hex|base64|zlib/i.test(call.node.text.slice(-40))) candidates.push(call.node);
      continue;
    }
    if (DECODING_CALLEE.test(name)) candidates.push(call.node);
  }
  candidates.push(...reversedLiterals);
  const helperCalls = decoderHelperCalls(facts);
  const resolve = (id: SyntaxNode) => {
    const list = facts.assignments.get(id.text);
    if (!list) return undefined;
    const scope = scopeOf(id);
    let found: SyntaxNode | undefined;
    for (const a of list) if (a.value.startIndex < id.startIndex && (a.scope === scope || a.scope === -1)) found = a.value;
    return found;
  };
  const out: StringFact[] = [];
  const seen = new Set<string>();
  const covered: Array<[number, number]> = [];
  // Outermost first: a decode inside an already decoded expression adds nothing.
  candidates.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  for (const node of candidates.slice(0, MAX_HIDDEN_CANDIDATES)) {
    if (covered.some(([s, e]) => node.startIndex >= s && node.endIndex <= e)) continue;
    const decoded = evaluateHidden(node, resolve);
    if (!decoded || decoded.how.length === 0) continue;
    covered.push([node.startIndex, node.endIndex]);
    const text = printableText(decoded.value);
    if (text === undefined) continue;
    const key = `${line(node)}\u0000${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ value: text, line: line(node), docstring: false, node, hidden: decoded.how.join(' → ') });
  }
  for (const { call, fn } of helperCalls) {
    if (covered.some(([s, e]) => call.startIndex >= s && call.endIndex <= e)) continue;
    // The helper's parameters stand for this call's arguments; its other names resolve as usual.
    const args = positionalArguments(call);
    const throughHelper = (id: SyntaxNode) => {
      const at = fn.params.indexOf(id.text);
      if (at >= 0 && id.startIndex > fn.node.startIndex && id.endIndex <= fn.node.endIndex) return args[at];
      return resolve(id);
    };
    for (const value of fn.returns) {
      const decoded = evaluateHidden(value, throughHelper);
      if (!decoded || decoded.how.length === 0) continue;
      const text = printableText(decoded.value);
      if (text === undefined) continue;
      out.push({ value: text, line: line(call), docstring: false, node: call, hidden: `${decoded.how.join(' → ')} (through ${fn.name}())` });
      break;
    }
  }
  return out;
}

/** At most this many calls of local decoding helpers are evaluated per file. */
const MAX_HELPER_CALLS = 200;

/**
 * `def decode(s): return base64.b64decode(s).decode()` … `decode('Y3VybC…')`: calls of a local function
 * that decodes its parameter, with literal arguments, so that what the helper returns is read too.
 */
function decoderHelperCalls(facts: PythonFacts): Array<{ call: SyntaxNode; fn: FunctionFact }> {
  const helpers = new Map<string, FunctionFact>();
  for (const [name, defs] of facts.functions) {
    if (defs.length !== 1 || defs[0].params.length === 0 || defs[0].returns.length === 0) continue;
    const fn = defs[0];
    if (facts.calls.some((c) => c.node.startIndex > fn.node.startIndex && c.node.endIndex <= fn.node.endIndex && DECODING_CALLEE.test(c.name))) helpers.set(name, fn);
  }
  if (helpers.size === 0) return [];
  const out: Array<{ call: SyntaxNode; fn: FunctionFact }> = [];
  for (const call of facts.calls) {
    const fn = helpers.get(call.name);
    const callee = call.node.childForFieldName('function');
    if (!fn || callee?.type !== 'identifier' || stringLiteral(positionalArguments(call.node)[0]) === undefined) continue;
    out.push({ call: call.node, fn });
    if (out.length >= MAX_HELPER_CALLS) break;
  }
  return out;
}

/** Whether a node lies under `if __name__ == '__main__':`. */
export function underMainGuard(facts: PythonFacts, node: SyntaxNode): boolean {
  return facts.mainGuards.some(([s, e]) => node.startIndex >= s && node.endIndex <= e);
}

/** The calls whose node lies inside `node` (itself included). */
export function callsWithin(facts: PythonFacts, node: SyntaxNode): CallFact[] {
  const start = node.startIndex;
  const end = node.endIndex;
  return facts.calls.filter((c) => c.node.startIndex >= start && c.node.endIndex <= end);
}

/**
 * Whether the value of `node` comes from a call matching `test`: directly inside the expression,
 * or through simple names assigned earlier in the same function (or at module level, for
 * module-level names) from such an expression, up to `depth` hops.
 */
export function derivesFrom(facts: PythonFacts, node: SyntaxNode, test: (call: CallFact) => boolean, depth = 3): CallFact | undefined {
  const direct = callsWithin(facts, node).find(test);
  if (direct || depth === 0) return direct;
  const names = new Set<string>();
  if (node.type === 'identifier') names.add(node.text);
  for (const id of node.descendantsOfType('identifier')) if (id) names.add(id.text);
  const scope = scopeOf(node);
  for (const name of names) {
    for (const { value, scope: assignedIn } of facts.assignments.get(name) ?? []) {
      if (value.startIndex >= node.startIndex) continue;
      if (assignedIn !== scope && assignedIn !== -1) continue;
      const found = derivesFrom(facts, value, test, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The value of a string (or bytes) literal; undefined for anything else, names included. */
export function stringLiteral(node: SyntaxNode | null | undefined): string | undefined {
  const expr = unparenthesize(node ?? null);
  if (!expr || (expr.type !== 'string' && expr.type !== 'concatenated_string')) return undefined;
  const value = literalValue(expr);
  return typeof value === 'string' ? value : undefined;
}

/** literalValue without Bandit's habit of reading a bare name as its own text. */
export function constantValue(node: SyntaxNode | null | undefined): LiteralValue {
  const expr = unparenthesize(node ?? null);
  return !expr || expr.type === 'identifier' ? undefined : literalValue(expr);
}

export function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  return list.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

export function keywordArgument(call: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const arg of argumentsOf(call)) {
    if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) return arg.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

export function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  return argumentsOf(call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
}

export function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

export { dottedParts };
