import * as vscode from 'vscode';
import { fixesFor } from '../../core/analysis/fixes';
import { declarationsFor } from '../../core/analysis/imports/declareDependency';
import { UNDECLARED_DEPENDENCY } from '../../core/analysis/imports/rules';
import type { Finding } from '../../core/analysis/types';
import type { AnalysisService } from './analysisService';
import { DIAGNOSTIC_SOURCE, toRange, toTextEdit } from './convert';

/** Saves a file a quick fix edited elsewhere, so the re-analysis (which reads declarations from disk) sees it. */
export const SAVE_EDITED_FILE_COMMAND = 'snakepit.saveEditedFile';

/**
 * Quick fixes for Snakepit diagnostics: safe rewrites (yaml.safe_load, timeout=, argv lists), `# nosec`, and for an
 * undeclared dependency the line that declares it in pyproject.toml or a requirements file.
 */
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
        if (finding.ruleId === UNDECLARED_DEPENDENCY.id) actions.push(...this.declarationActions(document, finding, diagnostic));
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

  private declarationActions(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    if (document.uri.scheme !== 'file') return [];
    const root = this.service.configFor(document.uri).config.root;
    const actions: vscode.CodeAction[] = [];
    for (const distribution of finding.suggestions ?? []) {
      for (const declaration of declarationsFor(root, distribution)) {
        const action = new vscode.CodeAction(declaration.title, vscode.CodeActionKind.QuickFix);
        const file = vscode.Uri.file(declaration.file);
        action.diagnostics = [diagnostic];
        action.isPreferred = actions.length === 0;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.set(file, declaration.edits.map(toTextEdit));
        action.command = { command: SAVE_EDITED_FILE_COMMAND, title: 'Save', arguments: [file] };
        actions.push(action);
      }
    }
    return actions;
  }
}

/** Saves `uri` if it is open with unsaved changes. */
export async function saveEditedFile(uri: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty) await document.save();
}
