import { callRule } from '../rule';

/** Bandit accepts SafeLoader/CSafeLoader; the base loaders build only plain data too (a deliberate addition). */
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);

/** B506: yaml.load without a safe Loader (keyword, or second positional argument). */
export const yamlRules = [
  callRule({
    names: ['load'],
    visit(call, ctx) {
      if (!call.qualName.split('.').includes('yaml')) return;
      const loader = call.keyword('Loader') ? call.keywordValue('Loader') : call.argValue(1);
      if (typeof loader === 'string' && SAFE_LOADERS.has(loader)) return;
      ctx.report('B506', call.node);
    },
  }),
];
