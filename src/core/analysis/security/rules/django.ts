import type { SyntaxNode } from '../../parser';
import { callRule } from '../rule';
import { isStringNode, stringPrefix, unparenthesize } from '../literals';
import { isAsync } from './passwords';

const EXTRA_POSITIONS = ['select', 'where', 'params', 'tables', 'order_by', 'select_params'];

function elements(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment');
}

/** Bandit's django_extra_used: where/tables not all string literals, or select not a dict of string literals. */
function extraIsInsecure(arguments_: Map<string, SyntaxNode>): boolean {
  for (const key of ['where', 'tables']) {
    const value = unparenthesize(arguments_.get(key) ?? null);
    if (!value) continue;
    if (value.type !== 'list') return true;
    if (elements(value).some((element) => !isStringNode(element))) return true;
  }
  const select = unparenthesize(arguments_.get('select') ?? null);
  if (!select) return false;
  if (select.type !== 'dictionary') return true;
  for (const pair of elements(select)) {
    if (pair.type !== 'pair') return true;
    if (!isStringNode(pair.childForFieldName('key')) || !isStringNode(pair.childForFieldName('value'))) return true;
  }
  return false;
}

/** Python's `ast.Constant` holding a `str`: a plain or implicitly concatenated string, no f-string, no bytes. */
function isStrConstant(node: SyntaxNode | null): boolean {
  const expr = unparenthesize(node);
  if (expr?.type === 'string') return !/[bf]/i.test(stringPrefix(expr));
  if (expr?.type === 'concatenated_string') return elements(expr).every((part) => part.type !== 'string' || isStrConstant(part));
  return false;
}

/** Python's `ast.Constant` of any type. */
function isConstant(node: SyntaxNode | null): boolean {
  const expr = unparenthesize(node);
  if (!expr) return false;
  if (expr.type === 'string') return !stringPrefix(expr).includes('f');
  if (expr.type === 'concatenated_string') return elements(expr).every((part) => part.type !== 'string' || isConstant(part));
  return CONSTANT_TYPES.has(expr.type);
}

const CONSTANT_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);

const lineOf = (node: SyntaxNode) => node.startPosition.row + 1;

/** What B703 evaluates a name in: the nearest enclosing (non-async) function, else the module (Bandit's loop up `_bandit_parent`). */
function enclosingScope(node: SyntaxNode): SyntaxNode {
  let current = node.parent;
  while (current && current.type !== 'module' && !(current.type === 'function_definition' && !isAsync(current))) current = current.parent;
  return current ?? node.tree.rootNode;
}

function scopeBody(scope: SyntaxNode): SyntaxNode[] {
  return elements(scope.type === 'module' ? scope : (scope.childForFieldName('body') ?? scope));
}

/** Python's `args.args` of a function: the positional parameters after any `/` and before `*`/`*args`/`**kwargs`. */
function positionalParameterNames(definition: SyntaxNode): string[] {
  let names: string[] = [];
  for (const parameter of elements(definition.childForFieldName('parameters') ?? definition)) {
    const type = parameter.type;
    if (type === 'positional_separator') names = [];
    else if (type === 'keyword_separator' || type === 'list_splat_pattern' || type === 'dictionary_splat_pattern') break;
    else if (type === 'identifier') names.push(parameter.text);
    else {
      const name = parameter.childForFieldName('name') ?? parameter.namedChildren[0];
      if (name?.type === 'identifier') names.push(name.text);
    }
  }
  return names;
}

/** Bandit's DeepAssignation result: nothing, the value assigned, a `with` binding the name, or the results of a compound statement. */
type Assigned = SyntaxNode | Assigned[] | undefined;

/** The blocks of a compound statement whose assignments Bandit's DeepAssignation collects. */
function blocksOf(statement: SyntaxNode): SyntaxNode[] {
  const blocks: SyntaxNode[] = [];
  for (const child of elements(statement)) {
    if (child.type === 'block') blocks.push(child);
    else if (['elif_clause', 'else_clause', 'except_clause', 'finally_clause'].includes(child.type)) blocks.push(...blocksOf(child));
  }
  return blocks;
}

/**
 * Bandit's `DeepAssignation.is_assigned` for one statement: the value a plain or augmented assignment gives
 * `name` (only the first target, as Bandit), descending into if/for/while/try bodies, nested function bodies
 * and `with` bodies; a `with ... as name` is returned itself (never safe).
 */
function assignedIn(statement: SyntaxNode, name: string): Assigned {
  switch (statement.type) {
    case 'decorated_definition':
      return assignedIn(statement.childForFieldName('definition') ?? statement, name);
    case 'expression_statement': {
      const expr = statement.namedChildren[0];
      if (expr?.type === 'augmented_assignment') {
        const target = expr.childForFieldName('left');
        return target?.type === 'identifier' && target.text === name ? expr.childForFieldName('right') ?? undefined : undefined;
      }
      if (expr?.type !== 'assignment' || expr.childForFieldName('type')) return undefined;
      const target = expr.childForFieldName('left');
      let value = expr.childForFieldName('right');
      while (value?.type === 'assignment') value = value.childForFieldName('right');
      if (target?.type === 'identifier') return target.text === name ? value ?? undefined : undefined;
      const values = unparenthesize(value);
      if ((target?.type === 'pattern_list' || target?.type === 'tuple_pattern') && (values?.type === 'expression_list' || values?.type === 'tuple')) {
        const index = elements(target).findIndex((element) => element.type === 'identifier' && element.text === name);
        return index >= 0 ? elements(values)[index] : undefined;
      }
      return undefined;
    }
    case 'function_definition':
      return isAsync(statement) ? undefined : assignedInAll(elements(statement.childForFieldName('body') ?? statement), name);
    case 'with_statement': {
      if (isAsync(statement)) return undefined;
      const items = elements(elements(statement).find((child) => child.type === 'with_clause') ?? statement).filter((item) => item.type === 'with_item');
      const last = items[items.length - 1];
      const alias = last?.childForFieldName('value')?.childForFieldName('alias')?.namedChildren[0];
      if (alias?.type === 'identifier' && alias.text === name) return statement;
      return assignedInAll(elements(statement.childForFieldName('body') ?? statement), name);
    }
    case 'try_statement':
      // `except*` (TryStar) is not handled by Bandit.
      if (elements(statement).some((child) => child.type === 'except_clause' && child.child(1)?.type === '*')) return undefined;
      return assignedInAll(blocksOf(statement).flatMap(elements), name);
    case 'if_statement':
    case 'while_statement':
      return assignedInAll(blocksOf(statement).flatMap(elements), name);
    case 'for_statement':
      return isAsync(statement) ? undefined : assignedInAll(blocksOf(statement).flatMap(elements), name);
    default:
      return undefined;
  }
}

function assignedInAll(statements: SyntaxNode[], name: string): Assigned[] {
  const assigned: Assigned[] = [];
  for (const statement of statements) {
    const found = assignedIn(statement, name);
    if (Array.isArray(found)) assigned.push(...found);
    else if (found) assigned.push(found);
  }
  return assigned;
}

/** Recursion guard: Bandit overflows the stack on `x = (\n x)` and skips the file; we call it unsafe. */
const MAX_DEPTH = 50;

/** Bandit's `evaluate_var`: is `name` bound only to string literals (or safe formats of them) before line `until` of `scope`? */
function safeVariable(name: string, scope: SyntaxNode, until: number, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (scope.type === 'function_definition' && positionalParameterNames(scope).includes(name)) return false;
  let safe = false;
  for (const statement of scopeBody(scope)) {
    const line = lineOf(statement.type === 'decorated_definition' ? statement.childForFieldName('definition') ?? statement : statement);
    if (line >= until) break;
    const to = assignedIn(statement, name);
    if (!to || (Array.isArray(to) && to.length === 0)) continue;
    if (Array.isArray(to)) {
      safe = to.every((value) => !Array.isArray(value) && value !== undefined && (isStrConstant(value) ||
        (unparenthesize(value)?.type === 'identifier' && safeVariable(unparenthesize(value)!.text, scope, line, depth + 1))));
      if (!safe) break;
      continue;
    }
    const value = unparenthesize(to);
    if (value && isStrConstant(value)) safe = true;
    else if (value?.type === 'identifier') safe = safeVariable(value.text, scope, lineOf(value), depth + 1);
    else if (value?.type === 'call') safe = safeFormat(value, scope, depth + 1);
    else {
      safe = false;
      break;
    }
  }
  return safe;
}

/**
 * Bandit's `evaluate_call`: `<constant>.format(...)` without keyword arguments whose arguments are all string
 * literals, safe variables, safe formats, or `*[...]` of those. `"..." % x` is evaluated as `"...".format(x)`.
 */
function safeFormat(call: SyntaxNode, scope: SyntaxNode, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let args: SyntaxNode[];
  let line = lineOf(call);
  if (call.type === 'binary_operator') {
    const right = unparenthesize(call.childForFieldName('right'));
    args = right?.type === 'tuple' ? elements(right) : right ? [right] : [];
  } else {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'format' || !isConstant(callee.childForFieldName('object'))) return false;
    const list = call.childForFieldName('arguments');
    if (list?.type !== 'argument_list') return list === null;
    const all = elements(list);
    if (all.some((arg) => arg.type === 'keyword_argument' || arg.type === 'dictionary_splat')) return false;
    args = all;
    line = lineOf(call);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = unparenthesize(args[i]);
    if (!arg) return false;
    if (isStrConstant(arg)) continue;
    if (arg.type === 'identifier') {
      if (!safeVariable(arg.text, scope, line, depth + 1)) return false;
    } else if (arg.type === 'call') {
      if (!safeFormat(arg, scope, depth + 1)) return false;
    } else if (arg.type === 'list_splat' && ['list', 'tuple'].includes(unparenthesize(arg.namedChildren[0])?.type ?? '')) {
      args.push(...elements(unparenthesize(arg.namedChildren[0])!));
    } else {
      return false;
    }
  }
  return true;
}

/** Bandit's `check_risk`: true when the argument of mark_safe()/Safe*() may carry unescaped input. */
function markSafeIsRisky(call: SyntaxNode, argument: SyntaxNode): boolean {
  const scope = enclosingScope(call);
  if (argument.type === 'identifier') {
    if (scope.type === 'function_definition' && positionalParameterNames(scope).includes(argument.text)) return true;
    return !safeVariable(argument.text, scope, lineOf(call), 0);
  }
  if (argument.type === 'call') return !safeFormat(argument, scope, 0);
  if (argument.type === 'binary_operator' && argument.childForFieldName('operator')?.type === '%' && isStrConstant(argument.childForFieldName('left'))) {
    return !safeFormat(argument, scope, 0);
  }
  return true;
}

const MARK_SAFE_NAMES = ['mark_safe', 'SafeText', 'SafeUnicode', 'SafeString', 'SafeBytes'];

export const djangoRules = [
  // B610
  callRule({
    names: ['extra'],
    visit(call, ctx) {
      const arguments_ = new Map(call.keywords);
      call.args.forEach((arg, index) => {
        if (index < EXTRA_POSITIONS.length) arguments_.set(EXTRA_POSITIONS[index], arg);
      });
      if (extraIsInsecure(arguments_)) ctx.report('B610', call.node);
    },
  }),
  // B611
  callRule({
    names: ['RawSQL'],
    visit(call, ctx) {
      if (!ctx.importedLike('django.db.models')) return;
      const sql = call.args[0] ?? call.keyword('sql');
      if (sql && !isStringNode(unparenthesize(sql))) ctx.report('B611', call.node);
    },
  }),
  // B703: mark_safe()/Safe*() on anything but a string literal or a variable bound only to literals in its scope.
  callRule({
    names: MARK_SAFE_NAMES,
    visit(call, ctx) {
      if (!ctx.importedLike('django.utils.safestring') || call.args.length === 0) return;
      const argument = unparenthesize(call.args[0]);
      if (!argument || isStrConstant(argument)) return;
      // Evaluated in the module (the root, even when it is an ERROR node), the verdict reads other top-level statements.
      if (enclosingScope(call.node).type !== 'function_definition') ctx.readsModuleBody();
      if (!markSafeIsRisky(call.node, argument)) return;
      ctx.report('B703', call.node);
    },
  }),
];
