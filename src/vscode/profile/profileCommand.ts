import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildFlameTree } from '../../core/debug/profile/flameTree';
import { profileInSandbox } from '../../core/debug/profile/profileInSandbox';
import { findPythonHelpersDir } from '../../core/pythonHelpers';
import type { SandboxDependenciesChoice } from '../../core/debug/launchConfig';
import type { SandboxServices } from '../../core/sandbox/sandboxServices';
import { describePython, parsePythonIdentity } from '../../core/sandbox/pythonIdentity';
import type { EngineChoice } from '../../core/sandbox/selectEngine';
import type { ProfileView } from './profileHtml';
import { gateDirs } from '../packages';
import { ProfilePanel } from './profilePanel';

export const PROFILE_COMMAND = 'snakepit.profile.profileFile';

/** "Snakepit: Profile File in Sandbox": cProfile in an ephemeral sandbox, result in a webview. The command returns what it showed (or undefined). */
export function registerProfiling(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, services: SandboxServices): ProfilePanel {
  const panel = new ProfilePanel(context.extensionUri);
  context.subscriptions.push(panel);
  context.subscriptions.push(
    vscode.commands.registerCommand(PROFILE_COMMAND, async (resource?: vscode.Uri): Promise<ProfileView | undefined> => {
      const file = resource?.scheme === 'file' ? resource : vscode.window.activeTextEditor?.document.uri;
      if (!file || file.scheme !== 'file' || !file.fsPath.endsWith('.py')) {
        void vscode.window.showErrorMessage('Snakepit: open a Python file (or right-click one) to profile it in a sandbox.');
        return undefined;
      }
      const folder = vscode.workspace.getWorkspaceFolder(file);
      if (!folder) {
        void vscode.window.showErrorMessage(`Snakepit: ${file.fsPath} is not in a workspace folder; only workspace files are mounted into the sandbox.`);
        return undefined;
      }
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      if (document?.isDirty) await document.save();
      const settings = vscode.workspace.getConfiguration('snakepit.sandbox', file);
      const image = settings.inspect<string>('image');
      const chosenImage = image?.workspaceFolderValue ?? image?.workspaceValue ?? image?.globalValue;
      const engine = settings.get<EngineChoice>('engine', 'auto');
      const dependencies = settings.get<SandboxDependenciesChoice>('dependencies', 'workspace');
      return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Snakepit: profiling ${path.basename(file.fsPath)}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          try {
            const run = await profileInSandbox(services, {
              program: file.fsPath,
              workspaceFolder: folder.uri.fsPath,
              helpersDir: findPythonHelpersDir(context.extensionPath),
              engine,
              containerImage: chosenImage,
              gateDirs: gateDirs(context),
              dependencies,
              signal: controller.signal,
              onProgress: (message) => progress.report({ message }),
              onOutput: (text, stream) => log.info(`[profile ${stream}] ${text.trimEnd()}`),
            });
            for (const note of run.dependencyNotes) log.info(`Profile sandbox: ${note}`);
            log.info(`Profiled ${file.fsPath} in ${run.engine}: exit code ${run.report.exitCode}, ${run.report.functions.length} functions, ${run.durationMs} ms`);
            const view: ProfileView = {
              title: `Profile: ${path.basename(file.fsPath)}`,
              program: vscode.workspace.asRelativePath(file),
              engine: run.engine,
              exitCode: run.report.exitCode,
              wallTime: run.report.wallTime,
              totalTime: run.report.totalTime,
              functions: run.report.functions,
              tree: buildFlameTree(run.report),
              python: describeReportPython(run.report),
              stderr: run.stderr,
            };
            panel.show(view);
            if (run.report.exitCode !== 0) {
              void vscode.window.showWarningMessage(
                `Snakepit: ${path.basename(file.fsPath)} failed under the profiler (exit code ${run.report.exitCode}); its traceback is at the top of the profile.${notProvided(run.dependencyNotes)}`,
              );
            }
            return view;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            log.error(`Profiling ${file.fsPath} failed: ${message}`);
            if (!controller.signal.aborted) {
              void vscode.window.showErrorMessage(`Snakepit: profiling failed: ${message}`, 'Show Log').then((choice) => choice && log.show());
            }
            return undefined;
          }
        },
      );
    }),
  );
  return panel;
}

/** " Not provided in the sandbox: a, b (see the log)." when packages of the workspace environment were left out. */
function notProvided(notes: string[]): string {
  const names = notes.filter((n) => n.startsWith('not provided: ')).map((n) => n.slice('not provided: '.length).split(':')[0]);
  return names.length ? ` Not provided in the sandbox: ${names.join(', ')} (see the log).` : '';
}

/** The report's interpreter line; older helpers wrote only the version. */
function describeReportPython(report: { python: string; executable?: string; prefix?: string; venv?: boolean }): string {
  const identity = parsePythonIdentity({ version: report.python, executable: report.executable, prefix: report.prefix, venv: report.venv });
  return identity ? describePython(identity) : `Python ${report.python}`;
}
