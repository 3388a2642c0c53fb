import { COMPLEXITY_RULES } from './complexityRules';
import { IMPORT_RULES } from './imports/rules';
import { RULES as SECURITY_RULES } from './security/catalog';
import { TAINT_RULES } from './taint/rules';
import type { RuleDescription } from './types';

export type RuleFamily = 'bandit' | 'taint' | 'imports' | 'complexity';

/** What the editor and the reports show about any rule, whichever analyser owns it. */
export interface RuleDoc extends RuleDescription {
  /** The rule's page in this repository (docs/rules/<ID>.md, generated from this catalog). */
  readonly docsUrl: string;
  /** Bandit's own page for a Bandit-compatible rule. */
  readonly upstreamUrl?: string;
  /** Bandit's issue text, `{name}` standing for the matched call or module. */
  readonly message?: string;
  readonly family: RuleFamily;
}

/** Where rule pages live, relative to the repository root (and to the installed extension). */
export const RULE_DOCS_DIR = 'docs/rules';
const REPOSITORY_DOCS = `https://github.com/snakepit-dev/snakepit/blob/main/${RULE_DOCS_DIR}`;

export function ruleDocFile(id: string): string {
  return `${RULE_DOCS_DIR}/${id}.md`;
}

function build(): Map<string, RuleDoc> {
  const rules = new Map<string, RuleDoc>();
  const add = (rule: RuleDescription, family: RuleFamily, extra: Partial<RuleDoc> = {}) =>
    rules.set(rule.id, {
      id: rule.id,
      name: rule.name,
      severity: rule.severity,
      confidence: rule.confidence,
      cwe: rule.cwe,
      explanation: rule.explanation,
      fix: rule.fix,
      ...extra,
      docsUrl: `${REPOSITORY_DOCS}/${rule.id}.md`,
      family,
    });
  for (const r of SECURITY_RULES.values()) add(r, 'bandit', { upstreamUrl: r.docsUrl, message: r.message });
  for (const r of TAINT_RULES) add(r, 'taint');
  for (const r of IMPORT_RULES) add(r, 'imports');
  for (const r of COMPLEXITY_RULES) add(r, 'complexity');
  return rules;
}

let catalog: Map<string, RuleDoc> | undefined;

export function allRules(): ReadonlyMap<string, RuleDoc> {
  catalog ??= build();
  return catalog;
}

export function findRule(id: string): RuleDoc | undefined {
  return allRules().get(id);
}

/** CWE's page for a weakness number. */
export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}
