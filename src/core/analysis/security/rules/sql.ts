import type { SyntaxNode } from '../../parser';
import { callRule, nodeRule, type RuleContext } from '../rule';
import { stringValue, unparenthesize } from '../literals';
import { astParent, calledName, enclosingCallOfArgument } from '../callContext';

/** Bandit's SIMPLE_SQL_RE (since 1.9.3 also `VALUES(` without a space). */
const SQL = /(select\s.*from\s|delete\s+from\s|insert\s+into\s.*values[\s(]|update\s.*set\s)/is;

function looksLikeSql(statement: string): boolean {
  return statement.length > 9 && SQL.test(statement);
}

/** Bandit raises confidence when the query is built right inside cursor.execute(...)/executemany(...). */
function insideExecute(expression: SyntaxNode): boolean {
  const call = enclosingCallOfArgument(expression);
  if (!call) return false;
  const name = calledName(call);
  return name === 'execute' || name === 'executemany';
}

function report(ctx: RuleContext, at: SyntaxNode, expression: SyntaxNode, replace = false): void {
  ctx.report('B608', at, { confidence: insideExecute(expression) && !replace ? 'medium' : 'low' });
}

/** The string-literal operands of a chain of binary operators (Bandit's `concat_string`). */
function collectStringOperands(node: SyntaxNode, into: SyntaxNode[]): void {
  for (const field of ['left', 'right']) {
    const operand = unparenthesize(node.childForFieldName(field));
    if (!operand) continue;
    if (operand.type === 'binary_operator') collectStringOperands(operand, into);
    else if (stringValue(operand) !== undefined) into.push(operand);
  }
}

/** B608 for an f-string: its literal parts joined (Bandit reports it once per JoinedStr). */
export function checkSqlFString(node: SyntaxNode, constantParts: readonly string[], ctx: RuleContext): void {
  if (constantParts.length > 0 && looksLikeSql(constantParts.join(''))) report(ctx, node, node);
}

export const sqlRules = [
  // "SELECT ... " + x, "... %s" % x: one finding per outermost operator chain (Bandit repeats it per literal).
  nodeRule({
    nodeTypes: ['binary_operator'],
    visit(node, ctx) {
      if (astParent(node)?.type === 'binary_operator') return;
      const pieces: SyntaxNode[] = [];
      collectStringOperands(node, pieces);
      if (pieces.length === 0) return;
      if (looksLikeSql(pieces.map((piece) => stringValue(piece)!).join(' '))) report(ctx, pieces[0], node);
    },
  }),
  // "SELECT ... {}".format(x) and "... ".replace(...)
  callRule({
    names: ['format', 'replace'],
    visit(call, ctx) {
      const callee = call.callee;
      if (callee?.type !== 'attribute') return;
      const receiver = unparenthesize(callee.childForFieldName('object'));
      const statement = stringValue(receiver);
      if (receiver && statement !== undefined && looksLikeSql(statement)) report(ctx, receiver, call.node, call.name === 'replace');
    },
  }),
];
