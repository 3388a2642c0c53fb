import * as path from 'node:path';
import * as vscode from 'vscode';
import { metricsBreakdown } from '../../core/analysis/metrics/breakdown';
import type { BlockMetrics } from '../../core/analysis/types';
import { escapeHtml, webviewPage } from '../webview/html';
import { openWorkspaceFileAt, SinglePanel } from '../webview/singlePanel';
import type { AnalysisService } from './analysisService';

export const SHOW_METRICS_COMMAND = 'snakepit.showFunctionMetrics';

/** The complexity lens's target: one function's metrics, each with its limit and what it means. */
export class MetricsPanel implements vscode.Disposable {
  private readonly panel: SinglePanel;

  constructor(
    extensionUri: vscode.Uri,
    private readonly service: AnalysisService,
  ) {
    this.panel = new SinglePanel('snakepit.metrics', extensionUri, 'metrics', async (message) => {
      if (message.type === 'open') await openWorkspaceFileAt(message.file, message.line);
    });
  }

  get html(): string | undefined {
    return this.panel.html;
  }

  /** Shows the function starting at `line` (1-based) in `uri`, from the document's current analysis. */
  async show(uri: vscode.Uri, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const current = this.service.result(uri);
    const result = current && current.version === document.version ? current : await this.service.analyzeNow(document);
    const block = result?.analysis.metrics?.blocks.find((b) => b.line === line && b.kind !== 'class');
    if (!block) {
      void vscode.window.showWarningMessage(`No function starts on line ${line} of ${path.basename(uri.fsPath)} any more: the file changed since the lens was drawn.`);
      return;
    }
    const limits = this.service.configFor(uri).config;
    this.panel.show(`Metrics: ${block.name}`, (assets) => webviewPage(`Metrics: ${block.qualifiedName}`, assets, this.body(uri, block, limits)));
  }

  private body(uri: vscode.Uri, block: BlockMetrics, limits: { maxCyclomatic: number; maxCognitive: number }): string {
    const rows = metricsBreakdown(block, limits)
      .map((r) => `<tr class="${r.over ? 'over' : ''}"><td>${escapeHtml(r.metric)}</td><td class="value">${escapeHtml(r.value)}</td><td>${escapeHtml(r.reading)}</td></tr>`)
      .join('\n');
    const file = vscode.workspace.asRelativePath(uri, false);
    return `<h1><code>${escapeHtml(block.qualifiedName)}</code> <span class="meta">${escapeHtml(block.kind)}</span></h1>
<p class="meta"><a class="open" href="#" data-file="${escapeHtml(uri.fsPath)}" data-line="${block.line}">${escapeHtml(file)}:${block.line}</a></p>
<table><thead><tr><th>Metric</th><th>Value</th><th>What it means</th></tr></thead><tbody>
${rows}
</tbody></table>`;
  }

  dispose(): void {
    this.panel.dispose();
  }
}
