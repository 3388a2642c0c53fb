import * as vscode from 'vscode';
import { openWorkspaceFileAt, SinglePanel, workspaceFileFor } from '../webview/singlePanel';
import { renderReportHtml, type ReportAction, type ReportView } from './reportHtml';

/** The one report panel, reused for every report; its buttons run the gate's commands. */
export class ReportPanel implements vscode.Disposable {
  private readonly panel: SinglePanel;
  private current: ReportView | undefined;

  constructor(extensionUri: vscode.Uri) {
    // Messages come from a page that shows hostile text: accept only the known shapes.
    this.panel = new SinglePanel('snakepit.gateReport', extensionUri, 'report', async ({ type, action, file, line }) => {
      // Only what the report offers for its verdict (a failed one has no Install or Pin), about what it shows.
      if (type === 'action' && !this.current?.actions.includes(action as ReportAction)) return;
      const subject = { resource: this.current?.resource, specs: this.current?.specs };
      if (type === 'action' && action === 'install') await vscode.commands.executeCommand('snakepit.gate.install', subject);
      else if (type === 'action' && action === 'revalidate') await vscode.commands.executeCommand('snakepit.gate.revalidate', subject);
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
