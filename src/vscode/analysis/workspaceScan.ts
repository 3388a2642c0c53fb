import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toSarif } from '../../core/analysis/report/sarif';
import { ScanCancelled } from '../../core/analysis/scan/scanFiles';
import { scanPaths } from '../../core/analysis/scan/scanPaths';
import type { ScanReport } from '../../core/analysis/scan/scanReport';
import { MemoryCache } from '../../core/analysis/scan/analysisCache';
import { WorkerPool } from '../../core/analysis/worker/workerPool';
import type { AnalysisService } from './analysisService';
import type { FindingDiagnostics } from './diagnostics';

export interface WorkspaceScanResult {
  folder: vscode.WorkspaceFolder;
  report: ScanReport;
  root: string;
}

/** "Snakepit: Scan Workspace" and "Export Findings as SARIF": every .py file of every folder, on worker threads. */
export class WorkspaceScanner implements vscode.Disposable {
  private readonly cache = new MemoryCache();
  private pool: WorkerPool | undefined;

  constructor(
    private readonly diagnostics: FindingDiagnostics,
    private readonly service: AnalysisService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Scans with a cancellable progress notification; undefined when cancelled or there is no folder. */
  async scan(): Promise<WorkspaceScanResult[] | undefined> {
    const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
    if (folders.length === 0) {
      void vscode.window.showWarningMessage('Snakepit: open a folder to scan a workspace.');
      return undefined;
    }
    this.pool ??= new WorkerPool();
    const pool = this.pool;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Snakepit: scanning', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const results: WorkspaceScanResult[] = [];
        try {
          for (const folder of folders) {
            let reported = 0;
            const { report, loaded } = await scanPaths([folder.uri.fsPath], {
              pool,
              cache: this.cache,
              signal: controller.signal,
              onProgress: (done, total, file) => {
                const increment = ((done - reported) / Math.max(total, 1)) * (100 / folders.length);
                reported = done;
                progress.report({ increment, message: `${done}/${total} ${path.basename(file)}` });
              },
            });
            results.push({ folder, report, root: loaded.config.root });
            this.publish(report);
            this.log.info(`scanned ${report.summary.files} files in ${folder.name}: ${report.summary.findings} findings in ${report.summary.seconds} s`);
          }
        } catch (error) {
          if (error instanceof ScanCancelled) {
            this.log.info('workspace scan cancelled');
            return undefined;
          }
          throw error;
        }
        return results;
      },
    );
  }

  /** Workspace results for files not open in an editor (open ones are analysed live, from their unsaved text). */
  private publish(report: ScanReport): void {
    for (const file of report.files) {
      const uri = vscode.Uri.file(file.path);
      if (!this.service.result(uri)) this.diagnostics.set(uri, file.findings);
    }
  }

  async exportSarif(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const results = await this.scan();
    if (!results?.length) return undefined;
    const first = results[0];
    target ??= await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(first.folder.uri, 'snakepit.sarif'),
      filters: { SARIF: ['sarif', 'json'] },
      title: 'Export Snakepit findings as SARIF',
    });
    if (!target) return undefined;
    const sarif = toSarif(first.report, first.root);
    for (const more of results.slice(1)) sarif.runs.push(...toSarif(more.report, more.root).runs);
    fs.writeFileSync(target.fsPath, `${JSON.stringify(sarif, null, 2)}\n`);
    void vscode.window.showInformationMessage(`Snakepit: findings written to ${vscode.workspace.asRelativePath(target)}`);
    return target;
  }

  dispose(): void {
    void this.pool?.close();
  }
}
