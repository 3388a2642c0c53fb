import * as vscode from 'vscode';
import { typosquatTarget } from '../../core/packages/typosquat';
import type { RequirementsModel } from './requirementsModel';

const TYPOSQUAT = 'REQ015';

/** Quick fix for a look-alike requirement name (REQ015): replace it with the popular project it imitates. */
export class RequirementsCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly model: RequirementsModel) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'snakepit' || diagnostic.code !== TYPOSQUAT) continue;
      const requirement = this.model.requirementAt(document, diagnostic.range.start.line);
      const intended = requirement?.name ? typosquatTarget(requirement.name)?.intended : undefined;
      // Only when the diagnostic covers exactly the name (not a whole editable or URL line).
      if (!intended || document.getText(diagnostic.range) !== requirement?.displayName) continue;
      const action = new vscode.CodeAction(`Change to '${intended}'`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, diagnostic.range, intended);
      actions.push(action);
    }
    return actions;
  }
}
