import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../../src/core/analysis/types';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures/security');

/** `# expect: B602/high/high B607/low/high` comments in a fixture, as `line RULE severity/confidence` keys. */
export function expectedFindings(source: string): string[] {
  const expected: string[] = [];
  source.split('\n').forEach((text, index) => {
    const match = /# expect: (.*)$/.exec(text);
    if (!match) return;
    for (const item of match[1].trim().split(/\s+/)) {
      const [ruleId, severity, confidence] = item.split('/');
      expected.push(`${index + 1} ${ruleId} ${severity}/${confidence}`);
    }
  });
  return expected.sort();
}

export function findingKeys(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.line} ${f.ruleId} ${f.severity}/${f.confidence}`).sort();
}

export function fixtureFiles(): string[] {
  return fs.readdirSync(FIXTURES).filter((name) => name.endsWith('.py')).sort();
}
