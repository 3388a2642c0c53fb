import type { SyntaxNode } from '../../parser';
import { nodeRule, type RuleContext } from '../rule';
import { fstringConstantParts, hasInterpolation, isBytes, stringPrefix, stringValue } from '../literals';
import { astParent } from '../callContext';
import { checkSqlFString } from './sql';

const TMP_DIRS = ['/tmp', '/var/tmp', '/dev/shm'];

/** B104 and B108 look at every `str` constant, including the literal parts of f-strings. */
function checkConstant(node: SyntaxNode, value: string, ctx: RuleContext): void {
  if (value === '0.0.0.0') ctx.report('B104', node);
  if (value.startsWith('/') && TMP_DIRS.some((dir) => value.startsWith(dir))) ctx.report('B108', node);
}

function constantMayMatch(value: string): boolean {
  return value === '0.0.0.0' || (value.startsWith('/') && TMP_DIRS.some((dir) => value.startsWith(dir)));
}

function checkJoinedString(node: SyntaxNode, parts: string[], ctx: RuleContext): void {
  for (const part of parts) checkConstant(node, part, ctx);
  checkSqlFString(node, parts, ctx);
}

/** Bandit skips a string that is a statement of its own (a docstring); a part of `"a" "b"` is checked as the whole. */
function isCheckedString(node: SyntaxNode): boolean {
  const parent = astParent(node);
  return !!parent && parent.type !== 'expression_statement' && parent.type !== 'concatenated_string';
}

/**
 * Bandit's `Str` checks B104/B108 (and B608 for f-strings). The value tests are
 * cheap, so the parent is only looked at for the rare string that matches.
 */
export const stringRules = [
  nodeRule({
    nodeTypes: ['string', 'concatenated_string'],
    visit(node, ctx) {
      if (node.type === 'string') {
        const prefix = stringPrefix(node);
        if (prefix.includes('b')) return;
        if (prefix.includes('f') && hasInterpolation(node)) {
          if (isCheckedString(node)) checkJoinedString(node, fstringConstantParts(node), ctx);
          return;
        }
        const value = stringValue(node);
        if (value !== undefined && constantMayMatch(value) && isCheckedString(node)) checkConstant(node, value, ctx);
        return;
      }
      const value = stringValue(node);
      if (value !== undefined) {
        if (constantMayMatch(value) && isCheckedString(node)) checkConstant(node, value, ctx);
        return;
      }
      if (!isCheckedString(node)) return;
      const parts: string[] = [];
      for (const piece of node.namedChildren) {
        if (piece?.type !== 'string' || isBytes(piece)) continue;
        const plain = stringValue(piece);
        if (plain !== undefined) parts.push(plain);
        else parts.push(...fstringConstantParts(piece));
      }
      checkJoinedString(node, parts, ctx);
    },
  }),
];
