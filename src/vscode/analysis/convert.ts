import * as vscode from 'vscode';
import type { Finding, Span } from '../../core/analysis/types';
import type { TextEditSpec } from '../../core/analysis/fixes';
import type { RuleDocLinks } from './ruleDocLinks';
import type { AnalysisSettings } from './settings';

export const DIAGNOSTIC_SOURCE = 'snakepit';

export function toRange(span: Span): vscode.Range {
  return new vscode.Range(span.line - 1, span.column - 1, span.endLine - 1, span.endColumn - 1);
}

export function toDiagnostic(finding: Finding, settings: AnalysisSettings, links: RuleDocLinks): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding), finding.message, settings.severityMapping[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  const page = links.file(finding.ruleId);
  diagnostic.code = page ? { value: finding.ruleId, target: page } : finding.ruleId;
  return diagnostic;
}

export function toTextEdit(edit: TextEditSpec): vscode.TextEdit {
  return vscode.TextEdit.replace(toRange(edit), edit.newText);
}
