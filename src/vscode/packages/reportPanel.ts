import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderReportHtml, type ReportView } from './reportHtml';

/** A reason's file when it is a file of the workspace (a test script, a requirements file), else undefined. */
export function workspaceFileFor(file: string): vscode.Uri | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.fsPath;
    const candidate = path.resolve(root, file);
    if ((candidate === root || candidate.startsWith(root + path.sep)) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return vscode.Uri.file(candidate);
    }
  }
  return undefined;
}

/** The one report panel, reused for every report; its buttons run the gate's commands. */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: ReportView | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The HTML last shown (for tests and troubleshooting). */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  get view(): ReportView | undefined {
    return this.panel ? this.current : undefined;
  }

  show(view: ReportView): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media', 'report');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('snakepit.gateReport', view.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [media],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message));
    }
    this.current = view;
    const webview = this.panel.webview;
    this.panel.title = view.title;
    webview.html = renderReportHtml(view, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
      openable: (file) => workspaceFileFor(file) !== undefined,
    });
    this.panel.reveal(undefined, true);
  }

  /** Messages come from a page that shows hostile text: accept only the known shapes. */
  private async onMessage(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const { type, action, file, line } = message as Record<string, unknown>;
    if (type === 'action' && action === 'install') await vscode.commands.executeCommand('snakepit.gate.install');
    else if (type === 'action' && action === 'pin') {
      const resource = this.current?.resource;
      await vscode.commands.executeCommand('snakepit.gate.pinHashes', resource ? vscode.Uri.parse(resource) : undefined);
    }
    else if (type === 'open' && typeof file === 'string') {
      const uri = workspaceFileFor(file);
      if (!uri) return;
      const at = Math.max(0, (typeof line === 'number' && Number.isFinite(line) ? line : 1) - 1);
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, 0, at, 0), viewColumn: vscode.ViewColumn.One });
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
