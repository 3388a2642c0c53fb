import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, findRule, RULE_DOCS_DIR } from '../../../src/core/analysis/ruleCatalog';
import { expectedRuleDocs, REGENERATE_RULE_DOCS, renderRuleDoc } from '../../../src/core/analysis/ruleDocs';

const root = path.resolve(__dirname, '../../..');

describe('rule documentation pages (docs/rules)', () => {
  it('holds exactly one page per catalogued rule, each as the catalog renders it today', () => {
    const expected = expectedRuleDocs();
    const stale: string[] = [];
    for (const [file, text] of expected) {
      const onDisk = path.join(root, file);
      if (!fs.existsSync(onDisk) || fs.readFileSync(onDisk, 'utf8') !== text) stale.push(file);
    }
    const extra = fs
      .readdirSync(path.join(root, RULE_DOCS_DIR))
      .map((name) => `${RULE_DOCS_DIR}/${name}`)
      .filter((file) => !expected.has(file));
    assert.deepEqual({ stale, extra }, { stale: [], extra: [] }, `docs/rules disagrees with the rule catalog: run \`${REGENERATE_RULE_DOCS}\` and commit the result`);
  });

  it('covers every family and links every rule to its own page', () => {
    const families = new Set([...allRules().values()].map((r) => r.family));
    assert.deepEqual([...families].sort(), ['bandit', 'complexity', 'imports', 'taint']);
    for (const rule of allRules().values()) assert.match(rule.docsUrl, new RegExp(`/docs/rules/${rule.id}\\.md$`), rule.id);
  });

  it('renders what a reader needs: the explanation, the fix, the CWE, the upstream page and how to silence it', () => {
    const b602 = renderRuleDoc(findRule('B602')!);
    assert.match(b602, /^# B602: subprocess_popen_with_shell_equals_true$/m);
    assert.ok(b602.includes(findRule('B602')!.explanation));
    assert.ok(b602.includes(findRule('B602')!.fix));
    assert.match(b602, /\[CWE-78\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/78\.html\)/);
    assert.match(b602, /bandit\.readthedocs\.io\/en\/latest\/plugins\/b602_/);
    assert.match(b602, /# noqa: S602/);
    const sp100 = renderRuleDoc(findRule('SP100')!);
    assert.doesNotMatch(sp100, /See also|noqa: S\d/, 'a Snakepit rule has no Bandit page or Ruff code');
    assert.match(sp100, /\| CWE \| — \|/);
  });

  it('shows message placeholders as placeholders', () => {
    assert.match(renderRuleDoc(findRule('B103')!), /permissive mask <mode> on file \(<name>\)/);
  });
});
