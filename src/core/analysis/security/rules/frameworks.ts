import { callRule } from '../rule';
import { stringValue } from '../literals';

/** Beyond Bandit (which only accepts filter='data'): the 'tar' filter and the named filter functions are safe too. */
const SAFE_TAR_FILTERS = new Set(['data', 'tar', 'data_filter', 'tar_filter']);

export const frameworkRules = [
  // B201: app.run(debug=True) in a module that imports flask.
  callRule({
    names: ['run'],
    visit(call, ctx) {
      if (!call.qualName.endsWith('.run') || call.keywordEquals('debug', 'True') !== true || !ctx.importedLike('flask')) return;
      ctx.report('B201', call.node, { at: call.keyword('debug') });
    },
  }),
  // B202: TarFile.extractall without filter='data' or a members= check.
  callRule({
    names: 'any',
    visit(call, ctx) {
      if (!call.name.includes('extractall') || !ctx.importedExact('tarfile')) return;
      const filter = call.keyword('filter');
      if (filter) {
        const value = stringValue(filter) ?? call.keywordValue('filter');
        if (typeof value === 'string' && SAFE_TAR_FILTERS.has(value)) return;
      }
      const members = call.keyword('members');
      if (!members) {
        ctx.report('B202', call.node);
      } else if (members.type === 'call') {
        const name = members.childForFieldName('function')?.text ?? '';
        ctx.report('B202', call.node, {
          severity: 'low', confidence: 'low',
          message: `Usage of tarfile.extractall(members=function(tarfile)). Make sure your function properly discards dangerous members (${name}).`,
        });
      } else {
        ctx.report('B202', call.node, {
          severity: 'medium', confidence: 'medium',
          message: `Found tarfile.extractall(members=?) but couldn't identify the type of members. Check if the members were properly validated (${members.text}).`,
        });
      }
    },
  }),
];
