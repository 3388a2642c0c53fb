import type { SyntaxNode } from '../parser';
import { REQUEST_DATA_ATTRIBUTES, REQUEST_DATA_METHODS, SOURCE_CALLS, SOURCE_VALUES, isRequestObject } from './sources';
import { builtBy, mergeTaint, sourceTaint, unbuilt, type Taint } from './taint';

/** What the evaluator needs from the scope it evaluates in. */
export interface TaintEnvironment {
  /** Taint bound earlier in the scope to a name (`cmd`) or attribute chain (`self.cmd`). */
  lookup(key: string): Taint | undefined;
  /** Whether any attribute chain is bound (so attribute text is worth looking up). */
  readonly bindsAttributes: boolean;
  qualify(node: SyntaxNode | null): string | undefined;
}

/** Methods that return (part of) their object's data unchanged in trust: `.get()`, `.strip()`, `.lower()`... */
const PROPAGATING_METHODS: ReadonlySet<string> = new Set([
  'get',
  'getlist',
  'getone',
  'pop',
  'setdefault',
  'to_dict',
  'dict',
  'copy',
  'items',
  'values',
  'keys',
  'decode',
  'encode',
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'casefold',
  'title',
  'capitalize',
  'swapcase',
  'replace',
  'removeprefix',
  'removesuffix',
  'ljust',
  'rjust',
  'center',
  'zfill',
  'expandtabs',
  'split',
  'rsplit',
  'splitlines',
  'partition',
  'rpartition',
  'translate',
  'read',
  'readline',
  'readlines',
]);

/** Functions whose result carries their arguments' taint (no validation happens). */
const PROPAGATING_FUNCTIONS: ReadonlySet<string> = new Set([
  'str',
  'repr',
  'ascii',
  'bytes',
  'list',
  'tuple',
  'sorted',
  'reversed',
  'os.path.join',
  'posixpath.join',
  'ntpath.join',
  'os.path.abspath',
  'os.path.normpath',
  'os.path.expanduser',
  'urllib.parse.unquote',
  'urllib.parse.unquote_plus',
  'textwrap.dedent',
]);

/**
 * Taint of the value of `node` in `env`, or `undefined` if it carries no untrusted
 * data. Only inspects `node`'s subtree. Calls to functions not known to pass data
 * through (including sanitisers such as `int()` or `shlex.quote()`) are clean.
 */
export function taintOf(node: SyntaxNode | null, env: TaintEnvironment): Taint | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      return env.lookup(node.text) ?? sourceValue(env.qualify(node));
    case 'attribute':
      return attributeTaint(node, env);
    case 'subscript':
      return taintOf(node.childForFieldName('value'), env);
    case 'call':
      return callTaint(node, env);
    case 'string':
      return fStringTaint(node, env);
    case 'concatenated_string':
      return childrenTaint(node, env);
    case 'binary_operator':
      return binaryTaint(node, env);
    case 'parenthesized_expression':
    case 'await':
    case 'list_splat':
    case 'dictionary_splat':
      return taintOf(node.firstNamedChild, env);
    case 'conditional_expression': {
      const [body, , alternative] = node.namedChildren;
      return mergeTaint(taintOf(body ?? null, env), taintOf(alternative ?? null, env));
    }
    case 'boolean_operator':
      return mergeTaint(taintOf(node.childForFieldName('left'), env), taintOf(node.childForFieldName('right'), env));
    case 'named_expression':
      return taintOf(node.childForFieldName('value'), env);
    case 'assignment':
      return taintOf(node.childForFieldName('right'), env);
    case 'keyword_argument':
      return taintOf(node.childForFieldName('value'), env);
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
      return unbuilt(childrenTaint(node, env));
    case 'dictionary':
      return unbuilt(dictionaryTaint(node, env));
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
      return comprehensionTaint(node, env);
    default:
      return undefined;
  }
}

/** `argv` for `sys.argv`: a dotted name's last part. */
function lastPart(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
}

/*
 * The qualified name of an attribute chain ends with its attribute (imports only
 * replace the first part), so a chain whose attribute is not one of these last
 * parts cannot be a source or known function: its chain is not resolved.
 */
const SOURCE_VALUE_LAST_PARTS: ReadonlySet<string> = new Set([...SOURCE_VALUES].map(lastPart));
const KNOWN_FUNCTION_LAST_PARTS: ReadonlySet<string> = new Set([...SOURCE_CALLS, ...PROPAGATING_FUNCTIONS].map(lastPart));

function sourceValue(qualifiedName: string | undefined): Taint | undefined {
  return qualifiedName !== undefined && SOURCE_VALUES.has(qualifiedName) ? sourceTaint(qualifiedName) : undefined;
}

function attributeTaint(node: SyntaxNode, env: TaintEnvironment): Taint | undefined {
  if (env.bindsAttributes) {
    const bound = env.lookup(node.text);
    if (bound) return bound;
  }
  const attribute = node.childForFieldName('attribute')?.text ?? '';
  const source = SOURCE_VALUE_LAST_PARTS.has(attribute) ? sourceValue(env.qualify(node)) : undefined;
  if (source) return source;
  const object = node.childForFieldName('object');
  if (isRequestObject(object)) {
    return REQUEST_DATA_ATTRIBUTES.has(attribute) ? sourceTaint(`request.${attribute}`) : undefined;
  }
  return taintOf(object, env);
}

function callTaint(node: SyntaxNode, env: TaintEnvironment): Taint | undefined {
  const callee = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  const isMethod = callee?.type === 'attribute';
  const method = isMethod ? (callee.childForFieldName('attribute')?.text ?? '') : '';
  const qualified = !isMethod || KNOWN_FUNCTION_LAST_PARTS.has(method) ? env.qualify(callee) : undefined;
  if (qualified !== undefined) {
    if (SOURCE_CALLS.has(qualified)) return sourceTaint(`${qualified}()`);
    if (PROPAGATING_FUNCTIONS.has(qualified)) return childrenTaint(args, env);
  }
  if (!isMethod) return undefined;
  const object = callee.childForFieldName('object');
  if (method === 'format' || method === 'format_map') {
    return builtBy(mergeTaint(taintOf(object, env), childrenTaint(args, env)), '.format()');
  }
  if (method === 'join') return builtBy(mergeTaint(taintOf(object, env), childrenTaint(args, env)), 'str.join()');
  if (isRequestObject(object)) return REQUEST_DATA_METHODS.has(method) ? sourceTaint(`request.${method}()`) : undefined;
  return PROPAGATING_METHODS.has(method) ? taintOf(object, env) : undefined;
}

function fStringTaint(node: SyntaxNode, env: TaintEnvironment): Taint | undefined {
  let taint: Taint | undefined;
  for (const child of node.namedChildren) {
    if (child?.type === 'interpolation') taint = mergeTaint(taint, taintOf(child.childForFieldName('expression'), env));
  }
  return builtBy(taint, 'f-string');
}

function binaryTaint(node: SyntaxNode, env: TaintEnvironment): Taint | undefined {
  const taint = mergeTaint(taintOf(node.childForFieldName('left'), env), taintOf(node.childForFieldName('right'), env));
  switch (node.childForFieldName('operator')?.type) {
    case '+':
      return builtBy(taint, '+ concatenation');
    case '%':
      return builtBy(taint, '% formatting');
    default:
      return taint;
  }
}

function childrenTaint(node: SyntaxNode | null, env: TaintEnvironment): Taint | undefined {
  let taint: Taint | undefined;
  for (const child of node?.namedChildren ?? []) {
    taint = mergeTaint(taint, taintOf(child, env));
    if (taint?.building) return taint;
  }
  return taint;
}

function dictionaryTaint(node: SyntaxNode, env: TaintEnvironment): Taint | undefined {
  let taint: Taint | undefined;
  for (const child of node.namedChildren) {
    if (child?.type === 'pair') taint = mergeTaint(taint, taintOf(child.childForFieldName('value'), env));
    else taint = mergeTaint(taint, taintOf(child, env));
  }
  return taint;
}

/**
 * `[f"-o{x}" for x in options]`: tainted when the iterable or the element is; built
 * when the element is itself a string-building expression over tainted data.
 */
function comprehensionTaint(node: SyntaxNode, env: TaintEnvironment): Taint | undefined {
  const body = node.childForFieldName('body');
  let iterables: Taint | undefined;
  for (const child of node.namedChildren) {
    if (child?.type === 'for_in_clause') iterables = mergeTaint(iterables, taintOf(child.childForFieldName('right'), env));
  }
  const element = taintOf(body, env);
  const taint = mergeTaint(element, iterables);
  if (!taint) return undefined;
  const building = element?.building ?? buildingOf(body);
  return { origin: taint.origin, building };
}

/** The string-building operation `node` performs syntactically, if any. */
function buildingOf(node: SyntaxNode | null): Taint['building'] {
  if (!node) return undefined;
  if (node.type === 'string') return node.namedChildren.some((c) => c?.type === 'interpolation') ? 'f-string' : undefined;
  if (node.type === 'binary_operator') {
    const operator = node.childForFieldName('operator')?.type;
    return operator === '+' ? '+ concatenation' : operator === '%' ? '% formatting' : undefined;
  }
  if (node.type === 'call') {
    const method = node.childForFieldName('function')?.childForFieldName('attribute')?.text;
    return method === 'format' ? '.format()' : undefined;
  }
  return undefined;
}
