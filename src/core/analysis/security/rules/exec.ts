import { callRule } from '../rule';

/** B102: calls to the exec builtin. */
export const execRules = [
  callRule({
    names: ['exec'],
    visit(call, ctx) {
      if (call.qualName === 'exec') ctx.report('B102', call.node);
    },
  }),
];
