import { callRule } from '../rule';

/** B612: logging.config.listen without a verify= callback. */
export const loggingRules = [
  callRule({
    names: ['listen'],
    visit(call, ctx) {
      if (call.qualName === 'logging.config.listen' && !call.hasKeyword('verify')) ctx.report('B612', call.node);
    },
  }),
];
