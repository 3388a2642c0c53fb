import type { SyntaxNode } from '../parser';
import type { FileContext } from '../context';
import { spanOf } from '../context';
import type { NodeVisitor } from '../walk';
import type { Finding } from '../types';
import { ruleInfo } from './catalog';
import { CallInfo } from './callContext';
import { RuleDispatch, type ReportOptions, type RuleContext, type SecurityRule } from './rule';
import { applySuppressions } from './suppressions';
import { trojanSourceFindings } from './trojanSource';
import { assertRules } from './rules/asserts';
import { blacklistCallRules } from './rules/blacklistCalls';
import { blacklistImportRules } from './rules/blacklistImports';
import { cryptoRules } from './rules/crypto';
import { djangoRules } from './rules/django';
import { execRules } from './rules/exec';
import { frameworkRules } from './rules/frameworks';
import { loggingRules } from './rules/logging';
import { mlRules } from './rules/ml';
import { paramikoRules } from './rules/paramiko';
import { createPasswordRules } from './rules/passwords';
import { permissionRules } from './rules/permissions';
import { requestsRules } from './rules/requests';
import { snmpRules } from './rules/snmp';
import { sqlRules } from './rules/sql';
import { sslRules } from './rules/ssl';
import { stringRules } from './rules/strings';
import { subprocessRules } from './rules/subprocess';
import { templateRules } from './rules/templates';
import { tryExceptRules } from './rules/tryExcept';
import { wildcardRules } from './rules/wildcard';
import { yamlRules } from './rules/yaml';

/** Rules without per-file state, shared by every analyser. */
const STATELESS_RULES: readonly SecurityRule[] = [
  ...assertRules, ...execRules, ...permissionRules, ...stringRules, ...tryExceptRules,
  ...requestsRules, ...frameworkRules, ...blacklistCallRules, ...blacklistImportRules, ...cryptoRules,
  ...sslRules, ...yamlRules, ...paramikoRules, ...snmpRules, ...subprocessRules, ...wildcardRules,
  ...sqlRules, ...loggingRules, ...mlRules, ...templateRules, ...djangoRules,
];

export interface SecurityAnalyzerOptions {
  /** Drop findings silenced by `# nosec` / `# noqa: Sxxx` (default true). */
  applySuppressions?: boolean;
  /** Report B613 (bidirectional characters in the text; default true): off when analysing one statement of a file. */
  trojanSource?: boolean;
}

export interface SecurityAnalyzer extends NodeVisitor {
  /** The findings, sorted by position (suppressions applied unless turned off). */
  findings(): Finding[];
  /** The findings as reported, in walk order: a live list (see statementReuse.ts). */
  readonly found: Finding[];
  /** Set when a rule's verdict read top-level statements other than the one walked (B703 on a module-level name). */
  readsModuleBody: boolean;
}

function fillMessage(template: string, fill: Record<string, string> | undefined): string {
  if (!fill) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => fill[key] ?? whole);
}

/**
 * Bandit's checks as one visitor of the shared walk. Nodes are dispatched by
 * type; calls additionally by the last part of the callee's name.
 */
export function createSecurityAnalyzer(ctx: FileContext, options: SecurityAnalyzerOptions = {}): SecurityAnalyzer {
  const dispatch = new RuleDispatch([...STATELESS_RULES, ...createPasswordRules()]);
  const found: Finding[] = options.trojanSource === false ? [] : trojanSourceFindings(ctx.source);
  const ruleContext: RuleContext = {
    file: ctx,
    importedLike: (module) => ctx.imports.importedLike(module),
    importedExact: (module) => ctx.imports.importedExact(module),
    readsModuleBody() {
      analyzer.readsModuleBody = true;
    },
    report(ruleId: string, node: SyntaxNode, opts: ReportOptions = {}) {
      const info = ruleInfo(ruleId);
      found.push({
        ruleId,
        name: info.name,
        severity: opts.severity ?? info.severity,
        confidence: opts.confidence ?? info.confidence,
        cwe: info.cwe,
        message: opts.message ?? fillMessage(info.message, opts.fill),
        ...spanOf(opts.at ?? node),
      });
    },
  };

  const { enterByType, leaveByType, callsByName, callsAny } = dispatch;
  // Ids of entered nodes that have leave rules, so `leave` needs no type lookup per node.
  const awaitingLeave: number[] = [];

  const analyzer: SecurityAnalyzer = {
    found,
    readsModuleBody: false,
    nodeTypes: [...new Set([...enterByType.keys(), ...leaveByType.keys(), 'call'])],
    enter(node, type) {
      const rules = enterByType.get(type);
      if (rules) for (const rule of rules) rule.visit(node, ruleContext);
      if (leaveByType.has(type)) awaitingLeave.push(node.id);
      if (type !== 'call') return;
      const call = new CallInfo(node, ctx.imports);
      const named = callsByName.get(call.name);
      if (named) for (const rule of named) rule.visit(call, ruleContext);
      for (const rule of callsAny) rule.visit(call, ruleContext);
    },
    leave(node, type) {
      if (awaitingLeave.length === 0 || awaitingLeave[awaitingLeave.length - 1] !== node.id) return;
      awaitingLeave.pop();
      const rules = leaveByType.get(type);
      if (rules) for (const rule of rules) rule.leave?.(node, ruleContext);
    },
    findings() {
      const sorted = found.slice().sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
      return options.applySuppressions === false ? sorted : applySuppressions(sorted, ctx.source);
    },
  };
  return analyzer;
}
