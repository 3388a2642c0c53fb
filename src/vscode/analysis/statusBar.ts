import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';

/** Finding counts for the active Python file; a click opens the Problems panel. */
export class FindingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('snakepit.findings', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly service: AnalysisService) {
    this.item.name = 'Snakepit findings';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables = [
      this.item,
      service.onDidAnalyze(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const result = document && this.service.result(document.uri);
    if (!result) {
      this.item.hide();
      return;
    }
    const count = { high: 0, medium: 0, low: 0 };
    for (const f of result.analysis.findings) count[f.severity]++;
    const total = count.high + count.medium + count.low;
    this.item.text = total === 0 ? '$(shield) Snakepit: clean' : `$(shield) ${count.high} high · ${count.medium} med · ${count.low} low`;
    this.item.tooltip = `Snakepit: ${total} finding${total === 1 ? '' : 's'} in this file (analysed in ${result.millis.toFixed(1)} ms). Click to open Problems.`;
    this.item.backgroundColor = count.high > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
