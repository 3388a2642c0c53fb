import type { SyntaxNode } from '../../parser';
import { nodeRule } from '../rule';

/** Bandit only looks at bare `except:` and `except Exception` (check_typed_exception is off by default). */
function catchesEverything(clause: SyntaxNode): boolean {
  const value = clause.childForFieldName('value');
  if (!value) return true;
  const type = value.type === 'as_pattern' ? value.namedChildren[0] : value;
  return type?.type === 'identifier' && type.text === 'Exception';
}

function onlyStatement(clause: SyntaxNode): SyntaxNode | undefined {
  let block: SyntaxNode | undefined;
  for (const child of clause.namedChildren) if (child?.type === 'block') block = child;
  if (!block) return undefined;
  let only: SyntaxNode | undefined;
  for (const statement of block.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    if (only) return undefined;
    only = statement;
  }
  return only;
}

/** B110 / B112: an except clause whose whole body is `pass` / `continue`. */
export const tryExceptRules = [
  nodeRule({
    nodeTypes: ['except_clause'],
    visit(node, ctx) {
      const statement = onlyStatement(node);
      if (!statement || !catchesEverything(node)) return;
      if (statement.type === 'pass_statement') ctx.report('B110', node);
      else if (statement.type === 'continue_statement') ctx.report('B112', node);
    },
  }),
];
