import { callRule } from '../rule';
import { unparenthesize } from '../literals';

/** `AutoAddPolicy`, `paramiko.AutoAddPolicy` or `paramiko.AutoAddPolicy()` → its last name. */
function policyName(node: ReturnType<typeof unparenthesize>): string | undefined {
  let expr = node;
  if (expr?.type === 'call') expr = expr.childForFieldName('function');
  if (expr?.type === 'attribute') return expr.childForFieldName('attribute')?.text;
  if (expr?.type === 'identifier') return expr.text;
  return undefined;
}

export const paramikoRules = [
  // B601: exec_command in a module that imports paramiko.
  callRule({
    names: ['exec_command'],
    visit(call, ctx) {
      if (ctx.importedLike('paramiko')) ctx.report('B601', call.node);
    },
  }),
  // B507: trusting unknown host keys.
  callRule({
    names: ['set_missing_host_key_policy'],
    visit(call, ctx) {
      if (call.args.length === 0 || !ctx.importedLike('paramiko')) return;
      const policy = policyName(unparenthesize(call.args[0]));
      if (policy === 'AutoAddPolicy' || policy === 'WarningPolicy') ctx.report('B507', call.node);
    },
  }),
];
