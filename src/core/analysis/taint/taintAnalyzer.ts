import { spanOf, type FileContext } from '../context';
import type { SyntaxNode } from '../parser';
import type { Finding } from '../types';
import type { NodeVisitor } from '../walk';
import { taintOf } from './expressionTaint';
import { sinkCall, type SinkCall } from './sinks';
import { builtBy, mergeTaint, unbuilt, type Taint } from './taint';
import { TaintScope } from './taintScope';

export type TaintAnalyzer = NodeVisitor & {
  /** The findings in walk order: a live list. */
  findings(): Finding[];
  /** The analyser's stacks between two statements; a statement's findings depend on them. */
  depthKey(): string;
  /** The module's scope: its state after the walk, and whether the walk touched it. */
  readonly moduleScope: TaintScope;
};

/**
 * Same-function taint rules (SP001–SP004): untrusted data — parameters, `input()`,
 * `sys.argv`, the environment, web request values — built into a string by an
 * f-string, `%`, `.format()`, `str.join()` or `+` (directly or through local
 * variables) that reaches a command, code, SQL or template sink. The module body
 * is one scope, each function another; class bodies belong to their enclosing scope.
 * Driven by the shared `walk`: bindings are made when an assignment is left, so a
 * sink inside an assignment's right-hand side sees the state before it.
 */
/** A node whose `leave` the analyser acts on, remembered at `enter` so `leave` can match it by id alone. */
interface Pending {
  readonly id: number;
  readonly node: SyntaxNode;
  readonly type: 'assignment' | 'augmented_assignment' | 'named_expression' | 'function_definition' | 'conditional';
}

/** Statements whose bodies may not run (or run only partly): a clean assignment there does not clear taint. */
const CONDITIONAL_STATEMENTS: ReadonlySet<string> = new Set([
  'if_statement',
  'for_statement',
  'while_statement',
  'try_statement',
  'match_statement',
  'class_definition',
]);

export function createTaintAnalyzer(ctx: FileContext): TaintAnalyzer {
  const qualify = (node: SyntaxNode | null): string | undefined => ctx.imports.qualify(node);
  const moduleScope = new TaintScope(qualify);
  const scopes: TaintScope[] = [moduleScope];
  const pending: Pending[] = [];
  const found: Finding[] = [];
  const current = (): TaintScope => scopes[scopes.length - 1];

  return {
    nodeTypes: ['call', 'function_definition', 'assignment', 'augmented_assignment', 'named_expression', 'for_statement', ...CONDITIONAL_STATEMENTS],
    enter(node: SyntaxNode, type: string): void {
      switch (type) {
        case 'call': {
          const sink = sinkCall(node, qualify);
          if (!sink) return;
          const taint = taintOf(sink.argument, current());
          if (taint?.building) found.push(finding(node, sink, taint));
          return;
        }
        case 'function_definition':
          scopes.push(TaintScope.forFunction(node, qualify));
          pending.push({ id: node.id, node, type });
          return;
        case 'assignment':
        case 'augmented_assignment':
        case 'named_expression':
          pending.push({ id: node.id, node, type });
          return;
      }
      if (type === 'for_statement') {
        bindTarget(current(), node.childForFieldName('left'), taintOf(node.childForFieldName('right'), current()), false);
      }
      if (CONDITIONAL_STATEMENTS.has(type)) {
        current().openConditionals++;
        pending.push({ id: node.id, node, type: 'conditional' });
      }
    },
    leave(node: SyntaxNode): void {
      const top = pending[pending.length - 1];
      if (top?.id !== node.id) return;
      pending.pop();
      const scope = current();
      switch (top.type) {
        case 'assignment': {
          const right = top.node.childForFieldName('right');
          if (right) bindAssignment(scope, top.node.childForFieldName('left'), right, scope.openConditionals === 0);
          return;
        }
        case 'augmented_assignment':
          bindAugmented(scope, top.node);
          return;
        case 'named_expression':
          bindTarget(scope, top.node.childForFieldName('name'), taintOf(top.node.childForFieldName('value'), scope), false);
          return;
        case 'function_definition':
          if (scopes.length > 1) scopes.pop();
          return;
        case 'conditional':
          scope.openConditionals--;
          return;
      }
    },
    findings: () => found,
    depthKey: () => `${scopes.length}/${pending.length}/${current().openConditionals}`,
    moduleScope,
  };
}

function finding(call: SyntaxNode, sink: SinkCall, taint: Taint): Finding {
  const { rule } = sink;
  return {
    ...spanOf(call),
    ruleId: rule.id,
    name: rule.name,
    severity: rule.severity,
    confidence: rule.confidence,
    cwe: rule.cwe,
    message: `${rule.name}: a string built by ${taint.building} from untrusted ${taint.origin} reaches ${sink.label}. ${rule.fix}`,
  };
}

function bindAssignment(scope: TaintScope, left: SyntaxNode | null, right: SyntaxNode, unconditional: boolean): void {
  if (!left) return;
  const targets = isSequence(left) ? left.namedChildren : undefined;
  const values = targets && isSequence(right) ? right.namedChildren : undefined;
  if (targets && values && targets.length === values.length) {
    targets.forEach((target, i) => bindTarget(scope, target, taintOf(values[i], scope), unconditional));
    return;
  }
  bindTarget(scope, left, taintOf(right, scope), unconditional);
}

function bindAugmented(scope: TaintScope, node: SyntaxNode): void {
  const left = node.childForFieldName('left');
  const taint = mergeTaint(taintOf(left, scope), taintOf(node.childForFieldName('right'), scope));
  if (!left || !taint) return;
  const operator = node.childForFieldName('operator')?.type;
  if (operator === '+=') bindTarget(scope, left, builtBy(taint, '+ concatenation'), false);
  else if (operator === '%=') bindTarget(scope, left, builtBy(taint, '% formatting'), false);
  else bindTarget(scope, left, taint, false);
}

/** Binds a target: a name, an attribute chain, each name of a pattern, or (may-taint) a subscripted container. */
function bindTarget(scope: TaintScope, target: SyntaxNode | null, taint: Taint | undefined, unconditional: boolean): void {
  if (!target) return;
  switch (target.type) {
    case 'identifier':
      scope.bind(target.text, taint, unconditional);
      return;
    case 'attribute':
      scope.bind(target.text, taint, unconditional);
      return;
    case 'subscript':
      bindTarget(scope, target.childForFieldName('value'), taint, false);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'list_splat_pattern':
    case 'parenthesized_expression':
      for (const child of target.namedChildren) bindTarget(scope, child, unbuilt(taint), unconditional);
      return;
  }
}

function isSequence(node: SyntaxNode): boolean {
  switch (node.type) {
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'expression_list':
    case 'tuple':
    case 'list':
      return true;
    default:
      return false;
  }
}
