import { spanOf } from '../context';
import type { ImportRecord } from '../importScope';
import type { SyntaxNode } from '../parser';
import type { Finding, Span } from '../types';
import { classifyImport, type ImportClassifierOptions } from './classifyImport';
import { isDeclared, type DeclaredDependencies } from './declaredDependencies';
import { distributionsFor } from './distributionNames';
import { UNDECLARED_DEPENDENCY } from './rules';

/** An import statement as SP100 judges it: what it imports, where it is, and whether it is optional. */
export interface ImportSite extends Pick<ImportRecord, 'module' | 'names' | 'level'> {
  span(): Span;
  /** In a `try` whose handlers catch ImportError, or under `if TYPE_CHECKING:`. */
  optional(): boolean;
}

/** The sites of recorded imports (where and whether optional are read from the tree only when asked). */
export function importSites(records: readonly ImportRecord[]): ImportSite[] {
  return records.map((record) => ({
    module: record.module,
    names: record.names,
    level: record.level,
    span: () => spanOf(record.node),
    optional: () => isOptionalImport(record.node),
  }));
}

const IMPORT_ERRORS: ReadonlySet<string> = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/**
 * SP100: third-party imports whose distribution the workspace does not declare,
 * one finding per distribution (at its first import). Nothing is reported when the
 * workspace declares nothing or its declarations could not all be read, nor for
 * optional imports (`try: import x` / `except ImportError`) and `if TYPE_CHECKING:` ones.
 */
export function findUndeclaredImports(
  imports: readonly ImportSite[],
  declared: DeclaredDependencies,
  options: ImportClassifierOptions,
): Finding[] {
  if (declared.sources.length === 0 || !declared.complete) return [];
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const record of imports) {
    if (classifyImport(record, options) !== 'thirdParty') continue;
    const modules = importedModules(record);
    if (modules.some((module) => candidateDistributions(module).some((name) => isDeclared(declared, name)))) continue;
    const [likely, ...alternatives] = distributionsFor(modules[0]);
    if (reported.has(likely) || record.optional()) continue;
    reported.add(likely);
    findings.push({
      ...record.span(),
      ruleId: UNDECLARED_DEPENDENCY.id,
      name: UNDECLARED_DEPENDENCY.name,
      severity: UNDECLARED_DEPENDENCY.severity,
      confidence: UNDECLARED_DEPENDENCY.confidence,
      cwe: UNDECLARED_DEPENDENCY.cwe,
      suggestions: [likely, ...alternatives],
      message:
        `'${record.module}' is imported but no declared dependency provides it: ` +
        `add '${likely}' to pyproject.toml [project].dependencies or requirements.txt` +
        (alternatives.length > 0 ? ` (or one of ${alternatives.map((name) => `'${name}'`).join(', ')})` : '') +
        '.',
    });
  }
  return findings;
}

/**
 * The modules an import may load, most specific first: `from google.cloud import storage`
 * may load `google.cloud.storage` (a namespace package's distribution is named after it).
 */
function importedModules(record: ImportSite): string[] {
  const submodules = record.names.filter((name) => name !== '*').map((name) => `${record.module}.${name}`);
  return [...submodules, record.module];
}

/** The likely distributions first, then every dotted prefix of the module as a name (`google.cloud.storage`). */
function candidateDistributions(module: string): string[] {
  const candidates = [...distributionsFor(module)];
  const parts = module.split('.');
  for (let i = parts.length; i >= 1; i--) {
    const prefix = parts.slice(0, i).join('.');
    if (!candidates.includes(prefix)) candidates.push(prefix);
  }
  return candidates;
}

/** Whether the import sits in a `try` whose handlers catch ImportError, or under `if TYPE_CHECKING:`. */
export function isOptionalImport(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === child.id && catchesImportError(parent)) return true;
    if (parent.type === 'if_statement' && parent.childForFieldName('consequence')?.id === child.id) {
      const condition = parent.childForFieldName('condition')?.text;
      if (condition === 'TYPE_CHECKING' || condition === 'typing.TYPE_CHECKING') return true;
    }
  }
  return false;
}

function catchesImportError(tryStatement: SyntaxNode): boolean {
  for (const clause of tryStatement.namedChildren) {
    if (clause?.type !== 'except_clause') continue;
    const caught = clause.childForFieldName('value') ?? clause.namedChildren.find((c) => c?.type !== 'block') ?? null;
    if (!caught) return true;
    for (const name of caught.text.replace(/\bas\s+\w+$/, '').split(/[\s,()]+/)) {
      if (IMPORT_ERRORS.has(name)) return true;
    }
  }
  return false;
}
