import * as vscode from 'vscode';
import type { Finding } from '../../core/analysis/types';
import type { AnalysisService } from './analysisService';
import { toDiagnostic } from './convert';
import type { RuleDocLinks } from './ruleDocLinks';
import { analysisSettings } from './settings';

/** Findings as diagnostics in the Problems panel, for open documents (live) and for workspace scans. */
export class FindingDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('snakepit');
  private readonly subscription: vscode.Disposable;

  constructor(
    service: AnalysisService,
    private readonly links: RuleDocLinks,
  ) {
    this.subscription = service.onDidAnalyze((result) => {
      if ('cleared' in result) this.collection.delete(result.uri);
      else this.set(result.uri, result.analysis.findings);
    });
  }

  set(uri: vscode.Uri, findings: readonly Finding[]): void {
    const settings = analysisSettings(uri);
    this.collection.set(
      uri,
      findings.map((f) => toDiagnostic(f, settings, this.links)),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
