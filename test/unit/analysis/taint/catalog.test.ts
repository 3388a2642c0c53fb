import * as assert from 'node:assert/strict';
import { TAINT_RULES } from '../../../../src/core/analysis/taint';
import { IMPORT_RULES } from '../../../../src/core/analysis/imports';

describe('taint and import rule catalog', () => {
  const rules = [...TAINT_RULES, ...IMPORT_RULES];

  it('has unique SPnnn IDs and kebab-case names', () => {
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
    assert.equal(new Set(rules.map((r) => r.name)).size, rules.length);
    for (const rule of rules) {
      assert.match(rule.id, /^SP\d{3}$/);
      assert.match(rule.name, /^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('documents every rule: explanation, fix and (for taint rules) a CWE, high confidence', () => {
    for (const rule of rules) {
      assert.ok(rule.explanation.length > 40, rule.id);
      assert.ok(rule.fix.length > 20, rule.id);
    }
    for (const rule of TAINT_RULES) {
      assert.ok(Number.isInteger(rule.cwe) && rule.cwe > 0, rule.id);
      assert.equal(rule.confidence, 'high', rule.id);
    }
    assert.deepEqual(TAINT_RULES.map((r) => [r.id, r.cwe]), [['SP001', 78], ['SP002', 95], ['SP003', 89], ['SP004', 1336]]);
  });
});
