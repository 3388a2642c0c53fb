import * as vscode from 'vscode';
import type { Level } from '../../core/analysis/types';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface AnalysisSettings {
  enable: boolean;
  debounceMs: number;
  codeLens: boolean;
  undeclaredImports: boolean;
  severityMapping: Record<Level, vscode.DiagnosticSeverity>;
}

const SEVERITY: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const DEFAULT_MAPPING: Record<Level, SeverityName> = { high: 'error', medium: 'warning', low: 'information' };

/** The `snakepit.analysis.*` settings for a resource (they may differ per workspace folder). */
export function analysisSettings(scope?: vscode.ConfigurationScope): AnalysisSettings {
  const config = vscode.workspace.getConfiguration('snakepit.analysis', scope);
  const mapping = { ...DEFAULT_MAPPING, ...config.get<Partial<Record<Level, SeverityName>>>('severityMapping', {}) };
  const severity = (level: Level) => SEVERITY[mapping[level]] ?? SEVERITY[DEFAULT_MAPPING[level]];
  return {
    enable: config.get('enable', true),
    debounceMs: Math.max(0, config.get('debounceMs', 150)),
    codeLens: config.get('codeLens', true),
    undeclaredImports: config.get('undeclaredImports', true),
    severityMapping: { high: severity('high'), medium: severity('medium'), low: severity('low') },
  };
}
