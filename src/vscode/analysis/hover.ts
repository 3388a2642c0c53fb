import * as vscode from 'vscode';
import { cweUrl, findRule } from '../../core/analysis/ruleCatalog';
import type { Finding } from '../../core/analysis/types';
import type { AnalysisService } from './analysisService';
import { toRange } from './convert';
import { escapeMarkdown, PREVIEW_COMMAND, type RuleDocLinks } from './ruleDocLinks';

/**
 * The rule behind a finding: explanation, fix, links. The finding's own message is left out: VS Code already shows
 * the diagnostic's message in the same hover.
 */
export function findingMarkdown(finding: Finding, links: RuleDocLinks): vscode.MarkdownString {
  const rule = findRule(finding.ruleId);
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [PREVIEW_COMMAND] };
  md.appendMarkdown(`**${finding.ruleId}** \`${finding.name}\` — ${finding.severity} severity, ${finding.confidence} confidence`);
  if (rule) {
    md.appendMarkdown(`\n\n${escapeMarkdown(rule.explanation)}`);
    md.appendMarkdown(`\n\n**How to fix:** ${escapeMarkdown(rule.fix)}`);
    const refs: string[] = [];
    const page = links.previewLink(finding.ruleId);
    if (page) refs.push(`[Rule documentation](${page})`);
    if (finding.cwe !== null) refs.push(`[CWE-${finding.cwe}](${cweUrl(finding.cwe)})`);
    if (refs.length > 0) md.appendMarkdown(`\n\n${refs.join(' · ')}`);
  }
  md.appendMarkdown(`\n\n_Silence with_ \`# nosec ${finding.ruleId}\``);
  return md;
}

/** The rule's explanation, CWE and fix when hovering over a finding; one entry per rule, however many findings overlap. */
export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: AnalysisService,
    private readonly links: RuleDocLinks,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.service.result(document.uri);
    if (!result || result.version !== document.version) return undefined;
    const hits = result.analysis.findings.filter((f) => toRange(f).contains(position));
    if (hits.length === 0) return undefined;
    const range = hits.map(toRange).reduce((a, b) => a.union(b));
    const oneEach = [...new Map(hits.map((f) => [f.ruleId, f])).values()];
    return new vscode.Hover(oneEach.map((f) => findingMarkdown(f, this.links)), range);
  }
}
