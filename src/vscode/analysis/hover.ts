import * as vscode from 'vscode';
import { cweUrl, findRule } from '../../core/analysis/ruleCatalog';
import type { Finding } from '../../core/analysis/types';
import type { AnalysisService } from './analysisService';
import { toRange } from './convert';

export function findingMarkdown(finding: Finding): vscode.MarkdownString {
  const rule = findRule(finding.ruleId);
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${finding.ruleId}** \`${finding.name}\` — ${finding.severity} severity, ${finding.confidence} confidence\n\n`);
  md.appendText(finding.message);
  if (rule) {
    md.appendMarkdown('\n\n');
    md.appendText(rule.explanation);
    md.appendMarkdown('\n\n**How to fix:** ');
    md.appendText(rule.fix);
    md.appendMarkdown('\n\n');
    const links = [`[Rule documentation](${rule.docsUrl})`];
    if (finding.cwe !== null) links.push(`[CWE-${finding.cwe}](${cweUrl(finding.cwe)})`);
    md.appendMarkdown(links.join(' · '));
  }
  md.appendMarkdown(`\n\n_Silence with_ \`# nosec ${finding.ruleId}\``);
  return md;
}

/** The rule's explanation, CWE and fix when hovering over a finding. */
export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: AnalysisService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.service.result(document.uri);
    if (!result || result.version !== document.version) return undefined;
    const hits = result.analysis.findings.filter((f) => toRange(f).contains(position));
    if (hits.length === 0) return undefined;
    const range = hits.map(toRange).reduce((a, b) => a.union(b));
    return new vscode.Hover(hits.map(findingMarkdown), range);
  }
}
