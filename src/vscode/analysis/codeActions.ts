import * as vscode from 'vscode';
import { fixesFor } from '../../core/analysis/fixes';
import type { AnalysisService } from './analysisService';
import { DIAGNOSTIC_SOURCE, toRange, toTextEdit } from './convert';

/** Quick fixes for Snakepit diagnostics: safe rewrites (yaml.safe_load, timeout=, argv lists) and `# nosec`. */
export class FindingCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly service: AnalysisService) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const current = this.service.result(document.uri);
    const result = current && current.version === document.version ? current : await this.service.analyzeNow(document);
    if (!result) return [];
    const parser = await this.service.getParser();
    const text = document.getText();
    const tree = parser.parse(text);
    try {
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of ours) {
        const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
        const finding = result.analysis.findings.find((f) => f.ruleId === code && toRange(f).isEqual(diagnostic.range));
        if (!finding) continue;
        for (const fix of fixesFor(finding, tree, text)) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred;
          action.edit = new vscode.WorkspaceEdit();
          action.edit.set(document.uri, fix.edits.map(toTextEdit));
          actions.push(action);
        }
      }
      return actions;
    } finally {
      tree.delete();
    }
  }
}
