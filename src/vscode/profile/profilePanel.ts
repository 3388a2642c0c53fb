import * as vscode from 'vscode';
import { openWorkspaceFileAt, SinglePanel, workspaceFileFor } from '../webview/singlePanel';
import { renderProfileHtml, type ProfileView } from './profileHtml';

/** One profile panel, reused for every run. */
export class ProfilePanel implements vscode.Disposable {
  private readonly panel: SinglePanel;
  private current: ProfileView | undefined;

  constructor(extensionUri: vscode.Uri) {
    // The page shows program-controlled text: accept only `open` with a workspace file.
    this.panel = new SinglePanel('snakepit.profile', extensionUri, 'profile', async ({ type, file, line }) => {
      if (type === 'open') await openWorkspaceFileAt(file, line);
    });
  }

  /** What the panel shows (for tests). */
  get view(): ProfileView | undefined {
    return this.panel.isOpen ? this.current : undefined;
  }

  get html(): string | undefined {
    return this.panel.html;
  }

  show(view: ProfileView): void {
    this.current = view;
    this.panel.show(view.title, (assets) => renderProfileHtml(view, assets, (file) => workspaceFileFor(file) !== undefined));
  }

  dispose(): void {
    this.panel.dispose();
  }
}
