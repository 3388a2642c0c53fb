import { callRule } from '../rule';
import type { CallInfo } from '../callContext';

const HTTP_VERBS = new Set(['get', 'options', 'head', 'post', 'put', 'patch', 'delete']);
const HTTPX_CALLS = new Set([...HTTP_VERBS, 'request', 'stream', 'Client', 'AsyncClient']);

function httpLibrary(call: CallInfo): 'requests' | 'httpx' | undefined {
  const root = call.qualName.split('.', 1)[0];
  if (root === 'requests' && HTTP_VERBS.has(call.name)) return 'requests';
  if (root === 'httpx' && HTTPX_CALLS.has(call.name)) return 'httpx';
  return undefined;
}

export const requestsRules = [
  callRule({
    names: [...HTTPX_CALLS],
    visit(call, ctx) {
      const library = httpLibrary(call);
      if (!library) return;
      // B501
      if (call.keywordEquals('verify', 'False')) ctx.report('B501', call.node, { at: call.keyword('verify'), fill: { name: library } });
      // B113: requests needs an explicit timeout; for both, timeout=None is as bad as none.
      if (library === 'requests' && !call.hasKeyword('timeout')) ctx.report('B113', call.node, { fill: { name: library } });
      else if (call.keywordEquals('timeout', 'None')) {
        ctx.report('B113', call.node, { at: call.keyword('timeout'), message: `Call to ${library} with timeout set to None` });
      }
    },
  }),
];
