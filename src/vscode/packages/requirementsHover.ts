import * as vscode from 'vscode';
import { relativeTime } from './relativeTime';
import { reasonWhere, shorten, topReasons } from './reasonSummary';
import { pinnedVersion, toRange, type RequirementsModel } from './requirementsModel';
import type { VerdictIndex, VerdictRecord } from './verdictIndex';

const VERDICT_ICON = { pass: '$(pass)', warn: '$(warning)', fail: '$(error)' } as const;

/**
 * The last report for a requirement. Reason texts come from the inspected package (hostile input):
 * they go in only through appendText, which escapes Markdown, and HTML stays off.
 */
export function verdictMarkdown(record: VerdictRecord): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['snakepit.gate.showReport', 'snakepit.gate.validateLine'] };
  md.supportHtml = false;
  md.appendMarkdown(`${VERDICT_ICON[record.verdict]} **Snakepit gate: ${record.verdict}** · score ${record.score} · `);
  md.appendText(`${record.name} ${record.version}, validated ${relativeTime(record.validatedAt)} (${new Date(record.validatedAt).toLocaleString()})`);
  const reasons = topReasons(record.package, 5);
  if (reasons.length) {
    md.appendMarkdown('\n\n');
    for (const reason of reasons) {
      md.appendMarkdown(`- \`${reason.code}\` ${reason.severity}${reason.fatal ? ' (fatal)' : ''}: `);
      md.appendText(shorten(reason.message, 160));
      const where = reasonWhere(reason);
      if (where) {
        md.appendMarkdown(' — ');
        md.appendText(where);
      }
      md.appendMarkdown('\n');
    }
    const more = record.package.reasons.length - reasons.length;
    if (more > 0) md.appendMarkdown(`\n_${more} more in the report_\n`);
  }
  md.appendMarkdown(`\n\nBehaviour events recorded: ${record.package.behavior.length}`);
  md.appendMarkdown(`\n\n[Show report](command:snakepit.gate.showReport?${encodeURIComponent(JSON.stringify([{ name: record.name, version: record.version }]))})`);
  return md;
}

export class RequirementsHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly model: RequirementsModel,
    private readonly verdicts: VerdictIndex,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const requirement = this.model.requirementAt(document, position.line);
    if (!requirement) return undefined;
    const record = this.verdicts.latestFor(requirement.name, pinnedVersion(requirement));
    if (!record) return undefined;
    return new vscode.Hover(verdictMarkdown(record), toRange(requirement.location));
  }
}
