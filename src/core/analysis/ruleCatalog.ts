import { COMPLEXITY_RULES } from './complexityRules';
import { IMPORT_RULES } from './imports/rules';
import { RULES as SECURITY_RULES } from './security/catalog';
import { TAINT_RULES } from './taint/rules';
import type { RuleDescription } from './types';

/** What the editor and the reports show about any rule, whichever analyser owns it. */
export interface RuleDoc extends RuleDescription {
  readonly docsUrl: string;
  readonly family: 'bandit' | 'taint' | 'imports' | 'complexity';
}

const README = 'https://github.com/snakepit-dev/snakepit#rules';

function build(): Map<string, RuleDoc> {
  const rules = new Map<string, RuleDoc>();
  for (const r of SECURITY_RULES.values()) rules.set(r.id, { ...r, family: 'bandit' });
  for (const r of TAINT_RULES) rules.set(r.id, { ...r, docsUrl: `${README}-${r.id.toLowerCase()}`, family: 'taint' });
  for (const r of IMPORT_RULES) rules.set(r.id, { ...r, docsUrl: `${README}-${r.id.toLowerCase()}`, family: 'imports' });
  for (const r of COMPLEXITY_RULES) rules.set(r.id, { ...r, docsUrl: `${README}-${r.id.toLowerCase()}`, family: 'complexity' });
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
