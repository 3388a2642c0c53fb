import type { AnalysisConfig } from './config';
import type { BlockMetrics, Finding, RuleDescription } from './types';

/** Catalog entry of a complexity rule; IDs are the ones users already silence (`# noqa: C901`). */
export type ComplexityRule = RuleDescription;

export const CYCLOMATIC_TOO_HIGH: ComplexityRule = {
  id: 'C901',
  name: 'too-complex',
  severity: 'low',
  confidence: 'high',
  cwe: null,
  explanation:
    'Cyclomatic complexity counts the independent paths through a function (radon/mccabe: each if, elif, loop, except, ' +
    'boolean operator, comprehension and match case adds one). Past about 10 a function is hard to test exhaustively.',
  fix: 'Split the function: extract branches into well-named helpers, replace condition chains with a lookup table or polymorphism.',
};

export const COGNITIVE_TOO_HIGH: ComplexityRule = {
  id: 'CCR001',
  name: 'cognitive-complexity-too-high',
  severity: 'low',
  confidence: 'high',
  cwe: null,
  explanation:
    'Cognitive complexity (SonarSource) measures how hard code is to read: each break in linear flow adds one, and ' +
    'nesting adds more the deeper it goes.',
  fix: 'Flatten the function: return early instead of nesting, extract nested loops and conditions into helpers.',
};

export const COMPLEXITY_RULES: readonly ComplexityRule[] = [CYCLOMATIC_TOO_HIGH, COGNITIVE_TOO_HIGH];

/** Findings for functions and methods over the configured thresholds (classes are judged by their methods). */
export function complexityFindings(blocks: readonly BlockMetrics[], config: Pick<AnalysisConfig, 'maxCyclomatic' | 'maxCognitive'>): Finding[] {
  const findings: Finding[] = [];
  for (const block of blocks) {
    if (block.kind === 'class') continue;
    const span = { line: block.line, column: block.column, endLine: block.line, endColumn: block.column + block.name.length };
    if (block.cyclomatic > config.maxCyclomatic) {
      findings.push({
        ...span,
        ruleId: CYCLOMATIC_TOO_HIGH.id,
        name: CYCLOMATIC_TOO_HIGH.name,
        severity: CYCLOMATIC_TOO_HIGH.severity,
        confidence: CYCLOMATIC_TOO_HIGH.confidence,
        cwe: null,
        message: `'${block.qualifiedName}' has cyclomatic complexity ${block.cyclomatic} (rank ${block.rank}); the limit is ${config.maxCyclomatic}.`,
      });
    }
    if (block.cognitive > config.maxCognitive) {
      findings.push({
        ...span,
        ruleId: COGNITIVE_TOO_HIGH.id,
        name: COGNITIVE_TOO_HIGH.name,
        severity: COGNITIVE_TOO_HIGH.severity,
        confidence: COGNITIVE_TOO_HIGH.confidence,
        cwe: null,
        message: `'${block.qualifiedName}' has cognitive complexity ${block.cognitive}; the limit is ${config.maxCognitive}.`,
      });
    }
  }
  return findings;
}
