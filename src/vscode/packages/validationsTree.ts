import * as vscode from 'vscode';
import { relativeTime } from './relativeTime';
import { shorten, topReasons } from './reasonSummary';
import type { VerdictIndex, VerdictRecord } from './verdictIndex';

const ICONS = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warn: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
};

/** The "Validations" view: every verdict in the history, newest first; a click opens its report. */
export class ValidationsTreeProvider implements vscode.TreeDataProvider<VerdictRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<VerdictRecord | undefined>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly verdicts: VerdictIndex) {
    this.subscription = verdicts.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(element?: VerdictRecord): VerdictRecord[] {
    return element ? [] : [...this.verdicts.all()];
  }

  /** Every record is a root (TreeView.reveal asks). */
  getParent(): undefined {
    return undefined;
  }

  getTreeItem(record: VerdictRecord): vscode.TreeItem {
    const item = new vscode.TreeItem(`${record.name} ${record.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `${record.name}@${record.version}@${record.validatedAt}`;
    item.description = `${record.verdict} · ${relativeTime(record.validatedAt)}`;
    item.iconPath = ICONS[record.verdict];
    const top = topReasons(record.package, 3).map((r) => `${r.code} ${shorten(r.message, 100)}`);
    item.tooltip = [`${record.verdict}, score ${record.score}, validated ${new Date(record.validatedAt).toLocaleString()}`, ...top].join('\n');
    item.contextValue = `validation.${record.verdict}`;
    item.command = { command: 'snakepit.gate.showReport', title: 'Show Validation Report', arguments: [record] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
