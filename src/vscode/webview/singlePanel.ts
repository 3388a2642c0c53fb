import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PageAssets } from './html';

/** `file` (absolute, or relative to a workspace folder) when it is an existing file inside a workspace folder, else undefined. */
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

/** Opens a workspace file at a 1-based line, for a page's `open` message (anything else is ignored). */
export async function openWorkspaceFileAt(file: unknown, line: unknown): Promise<void> {
  if (typeof file !== 'string') return;
  const uri = workspaceFileFor(file);
  if (!uri) return;
  const at = Math.max(0, (typeof line === 'number' && Number.isFinite(line) ? line : 1) - 1);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, 0, at, 0), viewColumn: vscode.ViewColumn.One });
}

/**
 * One webview panel, reused for every page of its kind, with `media/<mediaDir>/<mediaDir>.{js,css}`
 * as its only local resources. Messages go to `onMessage` untyped: pages show hostile text, so
 * the receiver must accept only the shapes it knows.
 */
export class SinglePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly viewType: string,
    private readonly extensionUri: vscode.Uri,
    private readonly mediaDir: string,
    private readonly onMessage: (message: Record<string, unknown>) => Promise<void>,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The HTML last shown (for tests and troubleshooting). */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  show(title: string, render: (assets: PageAssets) => string): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media', this.mediaDir);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(this.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [media],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: unknown) => {
        if (typeof message === 'object' && message !== null) void this.onMessage(message as Record<string, unknown>);
      });
    }
    const webview = this.panel.webview;
    this.panel.title = title;
    webview.html = render({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${this.mediaDir}.js`)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${this.mediaDir}.css`)).toString(),
    });
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
