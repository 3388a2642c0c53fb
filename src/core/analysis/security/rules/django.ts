import type { SyntaxNode } from '../../parser';
import { callRule, nodeRule, type RuleContext } from '../rule';
import { isStringNode, stringValue, unparenthesize } from '../literals';

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

/**
 * Names bound in the current function (or module) scope and whether every
 * binding so far was a string literal: Bandit's B703 trusts `mark_safe(x)`
 * only when `x` was built from literals in the same scope.
 */
class LiteralBindings {
  private readonly scopes: { parameters: Set<string>; literal: Map<string, boolean> }[] = [{ parameters: new Set(), literal: new Map() }];

  enterFunction(node: SyntaxNode, collectParameters: boolean): void {
    const parameters = new Set<string>();
    const list = collectParameters ? node.childForFieldName('parameters')?.namedChildren ?? [] : [];
    for (const parameter of list) {
      if (!parameter) continue;
      const name = parameter.type === 'identifier' ? parameter : parameter.childForFieldName('name') ?? parameter.namedChildren[0];
      if (name?.type === 'identifier') parameters.add(name.text);
    }
    this.scopes.push({ parameters, literal: new Map() });
  }

  leaveFunction(): void {
    if (this.scopes.length > 1) this.scopes.pop();
  }

  bind(name: string, isLiteral: boolean): void {
    const scope = this.scopes[this.scopes.length - 1];
    scope.literal.set(name, isLiteral && scope.literal.get(name) !== false);
  }

  isSafe(name: string): boolean {
    const scope = this.scopes[this.scopes.length - 1];
    return !scope.parameters.has(name) && scope.literal.get(name) === true;
  }
}

function safeValue(node: SyntaxNode | null, bindings: LiteralBindings): boolean {
  const expr = unparenthesize(node);
  if (!expr) return false;
  if (isStringNode(expr)) return true;
  if (expr.type === 'identifier') return bindings.isSafe(expr.text);
  if (expr.type === 'tuple' || expr.type === 'list') return elements(expr).every((element) => safeValue(element, bindings));
  if (expr.type === 'call') {
    // "<literal>".format(<safe>, ...)
    const callee = expr.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'format') return false;
    if (stringValue(unparenthesize(callee.childForFieldName('object'))) === undefined) return false;
    const args = expr.childForFieldName('arguments');
    return elements(args ?? expr).every((arg) => safeValue(arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg, bindings));
  }
  if (expr.type === 'binary_operator' && expr.childForFieldName('operator')?.type === '%') {
    return stringValue(unparenthesize(expr.childForFieldName('left'))) !== undefined && safeValue(expr.childForFieldName('right'), bindings);
  }
  return false;
}

const MARK_SAFE_NAMES = ['mark_safe', 'SafeText', 'SafeUnicode', 'SafeString', 'SafeBytes'];

export function createDjangoRules() {
  const bindings = new LiteralBindings();
  const tracking = (ctx: RuleContext) => ctx.importedLike('django.utils.safestring');
  return [
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
    // B703: scope tracking for mark_safe's argument.
    nodeRule({
      nodeTypes: ['function_definition', 'assignment'],
      leaveTypes: ['function_definition'],
      visit(node, ctx) {
        if (node.type === 'function_definition') {
          bindings.enterFunction(node, tracking(ctx));
          return;
        }
        if (!tracking(ctx)) return;
        const left = node.childForFieldName('left');
        if (left?.type === 'identifier') bindings.bind(left.text, safeValue(node.childForFieldName('right'), bindings));
      },
      leave() {
        bindings.leaveFunction();
      },
    }),
    callRule({
      names: MARK_SAFE_NAMES,
      visit(call, ctx) {
        if (!ctx.importedLike('django.utils.safestring') || call.args.length === 0) return;
        const argument = unparenthesize(call.args[0]);
        if (!argument || isStringNode(argument) || safeValue(argument, bindings)) return;
        ctx.report('B703', call.node);
      },
    }),
  ];
}
