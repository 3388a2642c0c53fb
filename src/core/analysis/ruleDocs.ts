import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, cweUrl, ruleDocFile, RULE_DOCS_DIR, type RuleDoc, type RuleFamily } from './ruleCatalog';

const FAMILY: Record<RuleFamily, string> = {
  bandit: 'Bandit-compatible security rule',
  taint: 'Taint rule (untrusted input reaching a dangerous sink)',
  imports: 'Import rule',
  complexity: 'Complexity rule',
};

/** The command that rewrites every page; the consistency test names it when a page is stale. */
export const REGENERATE_RULE_DOCS = 'npm run docs:rules';

/** Bandit's `{name}`-style placeholders, shown as placeholders rather than eaten by Markdown. */
function messageTemplate(message: string): string {
  return message.replace(/``/g, '`').replace(/\{(\w+)\}/g, '<$1>');
}

function suppression(rule: RuleDoc): string {
  const lines = [`- \`# nosec ${rule.id}\` or \`# noqa: ${rule.id}\` on the line (or any line of the statement) silences this rule there.`];
  if (rule.family === 'bandit') lines.push(`- \`# nosec ${rule.name}\` (Bandit's test name) and Ruff's \`# noqa: S${rule.id.slice(1)}\` work too.`);
  if (rule.family === 'complexity') lines.push('- The thresholds are `max-cyclomatic` / `max-cognitive` under `[tool.snakepit]` in pyproject.toml.');
  return lines.join('\n');
}

/** One rule's page, Markdown, entirely from the catalog. */
export function renderRuleDoc(rule: RuleDoc): string {
  const facts = [
    '| | |',
    '|---|---|',
    `| Name | \`${rule.name}\` |`,
    `| Kind | ${FAMILY[rule.family]} |`,
    `| Severity | ${rule.severity} |`,
    `| Confidence | ${rule.confidence} |`,
    `| CWE | ${rule.cwe === null ? '—' : `[CWE-${rule.cwe}](${cweUrl(rule.cwe)})`} |`,
  ];
  const sections = [
    `<!-- Generated from src/core/analysis/ruleCatalog.ts by \`${REGENERATE_RULE_DOCS}\`; edit the catalog, not this file. -->`,
    `# ${rule.id}: ${rule.name}`,
    facts.join('\n'),
    ...(rule.message ? ['## Message', messageTemplate(rule.message)] : []),
    '## What it finds',
    rule.explanation,
    '## How to fix it',
    rule.fix,
    '## Silencing it',
    suppression(rule),
    ...(rule.upstreamUrl ? ['## See also', `[Bandit's documentation for ${rule.id}](${rule.upstreamUrl})`] : []),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** The index page: every rule, one line each, linking its page. */
export function renderRuleIndex(rules: Iterable<RuleDoc>): string {
  const rows = [...rules]
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    .map((r) => `| [${r.id}](${r.id}.md) | \`${r.name}\` | ${r.severity} | ${r.cwe === null ? '—' : `CWE-${r.cwe}`} |`);
  return [
    `<!-- Generated from src/core/analysis/ruleCatalog.ts by \`${REGENERATE_RULE_DOCS}\`; edit the catalog, not this file. -->`,
    '# Rules',
    '| ID | name | severity | CWE |\n|---|---|---|---|\n' + rows.join('\n'),
  ].join('\n\n') + '\n';
}

/** Every file docs/rules/ should hold, relative to the repository root, with its content. */
export function expectedRuleDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of allRules().values()) files.set(ruleDocFile(rule.id), renderRuleDoc(rule));
  files.set(`${RULE_DOCS_DIR}/README.md`, renderRuleIndex(allRules().values()));
  return files;
}

/** Rewrites docs/rules/ under `root` to match the catalog exactly (stale pages removed). */
export function writeRuleDocs(root: string): { written: number; removed: string[] } {
  const dir = path.join(root, RULE_DOCS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const expected = expectedRuleDocs();
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!expected.has(`${RULE_DOCS_DIR}/${name}`)) {
      fs.rmSync(path.join(dir, name));
      removed.push(name);
    }
  }
  for (const [file, text] of expected) fs.writeFileSync(path.join(root, file), text);
  return { written: expected.size, removed };
}
