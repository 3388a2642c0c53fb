import * as vscode from 'vscode';
import { AnalysisService } from './analysisService';
import { FindingCodeActionProvider, SAVE_EDITED_FILE_COMMAND, saveEditedFile } from './codeActions';
import { ComplexityLensProvider } from './codeLens';
import { FindingDiagnostics } from './diagnostics';
import { FindingHoverProvider } from './hover';
import { MetricsPanel, SHOW_METRICS_COMMAND } from './metricsPanel';
import { RuleDocLinks } from './ruleDocLinks';
import { FindingStatusBar } from './statusBar';
import { WorkspaceScanner } from './workspaceScan';

const PYTHON: vscode.DocumentSelector = [
  { language: 'python', scheme: 'file' },
  { language: 'python', scheme: 'untitled' },
];

/** Diagnostics, lenses, hovers, quick fixes, status bar and the scan commands for Python files. */
export function registerAnalysis(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): AnalysisService {
  const service = new AnalysisService(log);
  const links = new RuleDocLinks(context.extensionUri);
  const diagnostics = new FindingDiagnostics(service, links);
  const lenses = new ComplexityLensProvider(service);
  const scanner = new WorkspaceScanner(diagnostics, service, log);
  const metrics = new MetricsPanel(context.extensionUri, service);
  context.subscriptions.push(
    service,
    diagnostics,
    lenses,
    scanner,
    new FindingStatusBar(service),
    vscode.languages.registerCodeLensProvider(PYTHON, lenses),
    vscode.languages.registerHoverProvider(PYTHON, new FindingHoverProvider(service, links)),
    vscode.languages.registerCodeActionsProvider(PYTHON, new FindingCodeActionProvider(service), FindingCodeActionProvider.metadata),
    metrics,
    vscode.commands.registerCommand(SHOW_METRICS_COMMAND, (uri: vscode.Uri, line: number) => metrics.show(uri, line)),
    vscode.commands.registerCommand(SAVE_EDITED_FILE_COMMAND, (uri: vscode.Uri) => saveEditedFile(uri)),
    vscode.commands.registerCommand('snakepit.scanWorkspace', () => scanner.scan()),
    vscode.commands.registerCommand('snakepit.exportSarif', (target?: vscode.Uri) => scanner.exportSarif(target)),
    vscode.commands.registerCommand('snakepit.analyzeDocument', async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      return document ? service.analyzeNow(document) : undefined;
    }),
  );
  return service;
}
