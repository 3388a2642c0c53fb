import * as vscode from 'vscode';
import { findRule, ruleDocFile } from '../../core/analysis/ruleCatalog';

/** The command a hover link runs to show a rule's page rendered (a plain file link would open the Markdown source). */
export const PREVIEW_COMMAND = 'markdown.showPreview';

/** Rule pages shipped inside the extension (docs/rules/<ID>.md), so the links work offline and match the installed version. */
export class RuleDocLinks {
  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The page itself; diagnostics link here (VS Code opens it in an editor). */
  file(ruleId: string): vscode.Uri | undefined {
    return findRule(ruleId) ? vscode.Uri.joinPath(this.extensionUri, ruleDocFile(ruleId)) : undefined;
  }

  /** A Markdown link target that opens the page as a rendered preview; needs `enabledCommands: [PREVIEW_COMMAND]`. */
  previewLink(ruleId: string): string | undefined {
    const file = this.file(ruleId);
    return file && `command:${PREVIEW_COMMAND}?${encodeURIComponent(JSON.stringify([file.toJSON()]))}`;
  }
}

/** Markdown-escapes text without appendText's non-breaking spaces, which stop hovers wrapping between words. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
