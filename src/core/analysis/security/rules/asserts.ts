import { nodeRule } from '../rule';

/** B101: every assert statement (removed under `python -O`). */
export const assertRules = [
  nodeRule({
    nodeTypes: ['assert_statement'],
    visit(node, ctx) {
      ctx.report('B101', node);
    },
  }),
];
