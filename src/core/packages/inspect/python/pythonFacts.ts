import { ImportScope, dottedParts } from '../../../analysis/importScope';
import type { SyntaxNode, Tree } from '../../../analysis/parser';
import { literalValue, unparenthesize, type LiteralValue } from '../../../analysis/security/literals';
import { walk, type NodeVisitor } from '../../../analysis/walk';

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
  if (callee.type === 'attribute') return `.${callee.childForFieldName('attribute')?.text ?? ''}`;
  return '';
}

class FactCollector implements NodeVisitor {
  readonly nodeTypes = ['call', 'string', 'concatenated_string', 'assignment', 'class_definition', 'subscript'];
  readonly calls: CallFact[] = [];
  readonly strings: StringFact[] = [];
  readonly classes: ClassFact[] = [];
  readonly assignments = new Map<string, Assignment[]>();
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
    }
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
    const assignment = { value: right, scope: scopeOf(node) };
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
    if (!node.text.includes('environ')) return;
    const value = node.childForFieldName('value');
    if (!value || this.scope.qualify(value) !== 'os.environ') return;
    const key = literalValue(node.childForFieldName('subscript'));
    if (typeof key === 'string') this.envReads.push({ name: key, line: line(node), node });
  }
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
  return {
    path,
    source,
    calls: collector.calls,
    strings: collector.strings,
    classes: collector.classes,
    assignments: collector.assignments,
    envReads: collector.envReads,
    imports,
    scope,
  };
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
