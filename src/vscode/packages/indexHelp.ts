import * as vscode from 'vscode';
import { GATE_REASONS } from '../../core/packages/gate/gateReasons';
import type { ValidationReport } from '../../core/packages/gate/report';

const INDEX_SETTINGS = ['indexUrl', 'extraIndexUrls', 'findLinks'] as const;
const OPEN_SETTINGS = 'Open Settings';
const USE_PIP = "Use pip's Configuration";
const SHOW_REPORT = 'Show Report';

/** Requirements no location had a version of (SPK412). */
export function notFoundNames(report: ValidationReport): string[] {
  return report.packages.filter((p) => p.reasons.some((r) => r.code === GATE_REASONS.notFound.code)).map((p) => p.requested || p.name);
}

/** Clears `snakepit.gate.indexUrl`, `extraIndexUrls` and `findLinks` wherever they are set: pip's own configuration applies again. */
export async function usePipConfiguration(resource?: vscode.Uri): Promise<string[]> {
  const config = vscode.workspace.getConfiguration('snakepit.gate', resource);
  const cleared: string[] = [];
  for (const key of INDEX_SETTINGS) {
    const inspected = config.inspect(key);
    const scopes: [unknown, vscode.ConfigurationTarget][] = [
      [inspected?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
      [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    ];
    for (const [value, target] of scopes) {
      if (value === undefined) continue;
      await config.update(key, undefined, target);
      cleared.push(`snakepit.gate.${key}`);
    }
  }
  return cleared;
}

/**
 * After a run where pip found nothing for some requirement: which locations were tried (and where each came from),
 * with the two ways out — the settings, or pip's own configuration.
 */
export function offerIndexHelp(report: ValidationReport, resource: vscode.Uri | undefined): void {
  const names = notFoundNames(report);
  if (names.length === 0) return;
  const tried = report.indexes?.length ? ` Looked in: ${report.indexes.join('; ')}.` : '';
  void vscode.window.showWarningMessage(`Snakepit: no version of ${names.join(', ')} on the indexes tried.${tried} Check the name, or where the gate looks for packages.`, OPEN_SETTINGS, USE_PIP, SHOW_REPORT).then(async (choice) => {
    if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'snakepit.gate.indexUrl');
    else if (choice === USE_PIP) {
      const cleared = await usePipConfiguration(resource);
      void vscode.window.showInformationMessage(cleared.length ? `Snakepit: cleared ${cleared.join(', ')}; the gate now uses pip's own configuration. Validate again.` : "Snakepit: no snakepit.gate index setting is set; the gate already uses pip's own configuration.");
    } else if (choice === SHOW_REPORT) await vscode.commands.executeCommand('snakepit.gate.showReport');
  });
}
