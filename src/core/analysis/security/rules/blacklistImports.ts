import type { SyntaxNode } from '../../parser';
import { nodeRule } from '../rule';

/**
 * Bandit's blacklists/imports.py, in its order (the first matching entry wins), plus lxml (B410),
 * which Bandit dropped in 1.8.1.
 */
const BLACKLISTED_IMPORTS: readonly (readonly [id: string, modules: readonly string[]])[] = [
  ['B401', ['telnetlib']],
  ['B402', ['ftplib']],
  ['B403', ['pickle', 'cPickle', 'dill', 'shelve']],
  ['B404', ['subprocess']],
  ['B405', ['xml.etree.cElementTree', 'xml.etree.ElementTree']],
  ['B406', ['xml.sax']],
  ['B407', ['xml.dom.expatbuilder']],
  ['B408', ['xml.dom.minidom']],
  ['B409', ['xml.dom.pulldom']],
  ['B410', ['lxml']],
  ['B411', ['xmlrpc']],
  ['B412', ['wsgiref.handlers.CGIHandler', 'twisted.web.twcgi.CGIScript', 'twisted.web.twcgi.CGIDirectory']],
  ['B413', ['Crypto.Cipher', 'Crypto.Hash', 'Crypto.IO', 'Crypto.Protocol', 'Crypto.PublicKey', 'Crypto.Random', 'Crypto.Signature', 'Crypto.Util']],
  ['B415', ['pyghmi']],
];

/** Every dotted name of the list (Bandit also matches calls against them, e.g. `wsgiref.handlers.CGIHandler()`). */
export const BLACKLISTED_MODULE_NAMES: readonly string[] = BLACKLISTED_IMPORTS.flatMap(([, modules]) => modules);

/**
 * The rule for an imported dotted name. Import statements match by prefix
 * (Bandit's `startswith`, so `import pickletools` is B403 too); `__import__`
 * calls, and any call by its qualified name, match exactly (Bandit's `==`).
 */
export function blacklistedModule(name: string, exact = false): string | undefined {
  for (const [id, modules] of BLACKLISTED_IMPORTS) {
    for (const module of modules) if (exact ? name === module : name.startsWith(module)) return id;
  }
  return undefined;
}

function importedNames(node: SyntaxNode): string[] {
  const names: string[] = [];
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    names.push(child.type === 'aliased_import' ? (child.childForFieldName('name')?.text ?? '') : child.text);
  }
  if (node.type === 'import_from_statement' && node.namedChildren.some((child) => child?.type === 'wildcard_import')) names.push('*');
  return names;
}

/** B401–B415: one finding per import statement, for the first blacklist entry any of its names matches. */
export const blacklistImportRules = [
  nodeRule({
    nodeTypes: ['import_statement', 'import_from_statement'],
    visit(node, ctx) {
      const names = importedNames(node);
      let prefix = '';
      if (node.type === 'import_from_statement') {
        const module = (node.childForFieldName('module_name')?.text ?? '').replace(/^\.+/, '');
        if (module) prefix = `${module}.`;
      }
      for (const [id, modules] of BLACKLISTED_IMPORTS) {
        for (const name of names) {
          const full = prefix + name;
          if (modules.some((module) => full.startsWith(module))) {
            ctx.report(id, node, { fill: { name } });
            return;
          }
        }
      }
    },
  }),
];
