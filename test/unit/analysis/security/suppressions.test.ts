import * as assert from 'node:assert/strict';
import { applySuppressions } from '../../../../src/core/analysis/security';
import type { Finding } from '../../../../src/core/analysis/types';

function finding(ruleId: string, line: number, endLine = line): Finding {
  return { ruleId, name: ruleId, severity: 'high', confidence: 'high', cwe: null, message: '', line, column: 1, endLine, endColumn: 2 };
}

const kept = (findings: Finding[], source: string) => applySuppressions(findings, source).map((f) => `${f.ruleId}@${f.line}`);

describe('applySuppressions', () => {
  const cases: [title: string, source: string, findings: Finding[], expected: string[]][] = [
    ['blanket nosec', 'x()  # nosec\n', [finding('B602', 1), finding('SP001', 1)], []],
    ['nosec with IDs keeps other rules', 'x()  # nosec B602, SP001\n', [finding('B602', 1), finding('SP001', 1), finding('B607', 1)], ['B607@1']],
    ['nosec: with colon', 'x()  # nosec: B607\n', [finding('B602', 1), finding('B607', 1)], ['B602@1']],
    ['nosec by rule name', 'x()  # nosec start_process_with_partial_path\n', [finding('B607', 1), finding('B602', 1)], ['B602@1']],
    ['a rule name that looks like an ID is a name (md5 is B303, as in Bandit)', 'x()  # nosec: md5\n', [finding('B303', 1), finding('B324', 1)], ['B324@1']],
    ['nosec followed by prose is blanket', 'x()  # nosec -- reviewed by security team\n', [finding('B602', 1)], []],
    ['Ruff noqa S-codes map to B-codes', 'x()  # noqa: S602,S607\n', [finding('B602', 1), finding('B607', 1), finding('B101', 1)], ['B101@1']],
    ['noqa with Snakepit codes (C901, CCR001, SP001) silences those rules', 'def f():  # noqa: C901, SP001\n', [finding('C901', 1), finding('SP001', 1), finding('CCR001', 1)], ['CCR001@1']],
    ['bare noqa is not honoured', 'x()  # noqa\n', [finding('B602', 1)], ['B602@1']],
    ['a comment on another statement does not count', 'x()  # nosec\ny()\n', [finding('B602', 2)], ['B602@2']],
    ['nosec inside a string is not a comment', 's = "# nosec"; x()\n', [finding('B602', 1)], ['B602@1']],
    ['nosec inside a triple-quoted string is not a comment', 's = """\n# nosec\n"""\nx()\n', [finding('B602', 2), finding('B602', 4)], ['B602@2', 'B602@4']],
    ['first line of a multi-line statement', 'call(  # nosec B106\n    a,\n    password="x",\n)\n', [finding('B106', 3)], []],
    ['closing line of a multi-line statement', 'call(\n    a,\n    shell=True,\n)  # nosec\nother()\n', [finding('B602', 3), finding('B602', 5)], ['B602@5']],
    ['backslash continuation', 'x = a + \\\n    b  # nosec\n', [finding('B608', 1)], []],
    ['a hash in a string does not start a comment', 'x = "#"; y("a")  # nosec B101\n', [finding('B101', 1), finding('B602', 1)], ['B602@1']],
  ];
  for (const [title, source, findings, expected] of cases) {
    it(title, () => assert.deepEqual(kept(findings, source), expected));
  }
});
