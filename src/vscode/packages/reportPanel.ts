import * as vscode from 'vscode';
import { openWorkspaceFileAt, SinglePanel, workspaceFileFor } from '../webview/singlePanel';
import { renderReportHtml, type ReportView } from './reportHtml';

/** The one report panel, reused for every report; its buttons run the gate's commands. */
export class ReportPanel implements vscode.Disposable {
  private readonly panel: SinglePanel;
  private current: ReportView | undefined;

  constructor(extensionUri: vscode.Uri) {
    // Messages come from a page that shows hostile text: accept only the known shapes.
    this.panel = new SinglePanel('snakepit.gateReport', extensionUri, 'report', async ({ type, action, file, line }) => {
      if (type === 'action' && action === 'install') await vscode.commands.executeCommand('snakepit.gate.install');
      else if (type === 'action' && action === 'pin') {
        const resource = this.current?.resource;
        await vscode.commands.executeCommand('snakepit.gate.pinHashes', resource ? vscode.Uri.parse(resource) : undefined);
      } else if (type === 'open') await openWorkspaceFileAt(file, line);
    });
  }

  /** The HTML last shown (for tests and troubleshooting). */
  get html(): string | undefined {
    return this.panel.html;
  }

  get view(): ReportView | undefined {
    return this.panel.isOpen ? this.current : undefined;
  }

  show(view: ReportView): void {
    this.current = view;
    this.panel.show(view.title, (assets) => renderReportHtml(view, { ...assets, openable: (file) => workspaceFileFor(file) !== undefined }));
  }

  dispose(): void {
    this.panel.dispose();
  }
}
