import * as vscode from 'vscode';
import type { BlockMetrics } from '../../core/analysis/types';
import type { AnalysisService } from './analysisService';
import { SHOW_METRICS_COMMAND } from './metricsPanel';
import { analysisSettings } from './settings';

export function complexityTitle(block: BlockMetrics): string {
  return `cc ${block.cyclomatic} (${block.rank}) · cognitive ${block.cognitive}`;
}

/** `cc 12 (C) · cognitive 18` above every function and method. */
export class ComplexityLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: AnalysisService) {
    this.subscription = service.onDidAnalyze(() => this.changed.fire());
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!analysisSettings(document.uri).codeLens) return [];
    const current = this.service.result(document.uri);
    const result = current && current.version === document.version ? current : await this.service.analyzeNow(document);
    const blocks = result?.analysis.metrics?.blocks ?? [];
    return blocks
      .filter((b) => b.kind !== 'class')
      .map(
        (block) =>
          new vscode.CodeLens(new vscode.Range(block.line - 1, 0, block.line - 1, 0), {
            title: complexityTitle(block),
            tooltip: `${block.qualifiedName}: cyclomatic complexity ${block.cyclomatic} (rank ${block.rank}), cognitive complexity ${block.cognitive}`,
            command: SHOW_METRICS_COMMAND,
            arguments: [document.uri, block.line],
          }),
      );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
