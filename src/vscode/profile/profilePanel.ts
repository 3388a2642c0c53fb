import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderProfileHtml, type ProfileView } from './profileHtml';

/** The file as a workspace file that exists on this machine, else undefined (sandbox-only and built-in files are not opened). */
function workspaceFile(file: string): vscode.Uri | undefined {
  if (!path.isAbsolute(file)) return undefined;
  const inFolder = (vscode.workspace.workspaceFolders ?? []).some((f) => file === f.uri.fsPath || file.startsWith(f.uri.fsPath + path.sep));
  return inFolder && fs.existsSync(file) && fs.statSync(file).isFile() ? vscode.Uri.file(file) : undefined;
}

/** One profile panel, reused for every run. */
export class ProfilePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: ProfileView | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** What the panel shows (for tests). */
  get view(): ProfileView | undefined {
    return this.panel ? this.current : undefined;
  }

  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  show(view: ProfileView): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media', 'profile');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('snakepit.profile', view.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [media],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message));
    }
    this.current = view;
    const webview = this.panel.webview;
    this.panel.title = view.title;
    webview.html = renderProfileHtml(view, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'profile.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'profile.css')).toString(),
    });
    this.panel.reveal(undefined, true);
  }

  /** The page shows program-controlled text: accept only `open` with a workspace file. */
  private async onMessage(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const { type, file, line } = message as Record<string, unknown>;
    if (type !== 'open' || typeof file !== 'string') return;
    const uri = workspaceFile(file);
    if (!uri) return;
    const at = Math.max(0, (typeof line === 'number' && Number.isFinite(line) ? line : 1) - 1);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, 0, at, 0), viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
