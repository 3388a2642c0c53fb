import { callRule } from '../rule';
import { unparenthesize } from '../literals';

const CONSTANT_TYPES = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'ellipsis']);

export const templateRules = [
  // B701: jinja2 Environment without autoescape (or with autoescape=False / an unknown value).
  callRule({
    names: ['Environment'],
    visit(call, ctx) {
      if (!call.qualName.split('.').includes('jinja2')) return;
      const value = unparenthesize(call.keyword('autoescape') ?? null);
      if (!value) {
        ctx.report('B701', call.node);
        return;
      }
      if (value.type === 'false' || (value.type === 'identifier' && value.text === 'False')) {
        ctx.report('B701', call.node, {
          message: 'Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Use autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.',
        });
        return;
      }
      if (value.type === 'true' || (value.type === 'identifier' && value.text === 'True')) return;
      const callee = value.type === 'call' ? value.childForFieldName('function') : null;
      const calleeName = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
      if (calleeName === 'select_autoescape') return;
      ctx.report('B701', call.node, {
        confidence: 'medium',
        message: 'Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Ensure autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.',
      });
    },
  }),
  // B702
  callRule({
    names: ['Template'],
    visit(call, ctx) {
      if (call.qualName.split('.').includes('mako')) ctx.report('B702', call.node);
    },
  }),
  // B704: Markup() on anything but a constant.
  callRule({
    names: ['Markup'],
    visit(call, ctx) {
      const qualName = call.qualName;
      if (qualName !== 'markupsafe.Markup' && qualName !== 'flask.Markup') return;
      const argument = unparenthesize(call.args[0] ?? null);
      if (!argument) return;
      if (CONSTANT_TYPES.has(argument.type) && (argument.type !== 'string' || !argument.namedChildren.some((c) => c?.type === 'interpolation'))) {
        if (argument.type !== 'concatenated_string' || !argument.namedChildren.some((part) => part?.namedChildren.some((c) => c?.type === 'interpolation'))) return;
      }
      ctx.report('B704', call.node, { fill: { name: qualName, short: call.name } });
    },
  }),
];
