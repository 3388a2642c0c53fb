import * as vscode from 'vscode';
import { findRule } from '../../core/analysis/ruleCatalog';
import type { Finding, Span } from '../../core/analysis/types';
import type { TextEditSpec } from '../../core/analysis/fixes';
import type { AnalysisSettings } from './settings';

export const DIAGNOSTIC_SOURCE = 'snakepit';

export function toRange(span: Span): vscode.Range {
  return new vscode.Range(span.line - 1, span.column - 1, span.endLine - 1, span.endColumn - 1);
}

export function toDiagnostic(finding: Finding, settings: AnalysisSettings): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding), finding.message, settings.severityMapping[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  const rule = findRule(finding.ruleId);
  diagnostic.code = rule ? { value: finding.ruleId, target: vscode.Uri.parse(rule.docsUrl) } : finding.ruleId;
  return diagnostic;
}

export function toTextEdit(edit: TextEditSpec): vscode.TextEdit {
  return vscode.TextEdit.replace(toRange(edit), edit.newText);
}
