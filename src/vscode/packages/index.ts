import * as path from 'node:path';
import * as vscode from 'vscode';
import { gateHistoryFile } from '../../core/packages/gate/gatePaths';
import { VerdictHistory } from '../../core/packages/gate/history';
import type { GateDirs } from '../../core/packages/gate/request';
import type { SandboxServices } from '../../core/sandbox/sandboxServices';
import { registerGateCommands } from './commands';
import { GateRunner } from './gateRunner';
import { ReportPanel } from './reportPanel';
import { RequirementsCodeActionProvider } from './requirementsCodeActions';
import { RequirementsDiagnostics } from './requirementsDiagnostics';
import { RequirementsHoverProvider } from './requirementsHover';
import { RequirementsLensProvider } from './requirementsLens';
import { REQUIREMENTS_SELECTOR, RequirementsModel } from './requirementsModel';
import { ValidationsTreeProvider } from './validationsTree';
import { VerdictIndex, type VerdictRecord } from './verdictIndex';

/** What the package gate exposes through the extension's API (the tests read the view and the report through it). */
export interface PackageGate {
  runner: GateRunner;
  verdicts: VerdictIndex;
  diagnostics: RequirementsDiagnostics;
  lenses: RequirementsLensProvider;
  validations: ValidationsTreeProvider;
  /** The Validations view itself (the Environments view reveals a package's verdict in it). */
  validationsView: vscode.TreeView<VerdictRecord>;
  panel: ReportPanel;
  /** Where the gate keeps its cache and history (the extension's global storage). */
  dirs: GateDirs;
}

/** The gate keeps its cache and history in the extension's global storage, beside the sandboxes' state. */
export function gateDirs(context: vscode.ExtensionContext): GateDirs {
  const root = context.globalStorageUri.fsPath;
  return { stateDir: root, cacheDir: path.join(root, 'cache') };
}

/** Requirements diagnostics, lenses, hovers, the gate's commands, the report panel and the Validations view. */
export function registerPackageGate(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, services: SandboxServices): PackageGate {
  const dirs = gateDirs(context);
  const verdicts = new VerdictIndex(new VerdictHistory(gateHistoryFile(dirs)), log);
  const model = new RequirementsModel();
  const runner = new GateRunner(services, dirs, verdicts, log);
  const diagnostics = new RequirementsDiagnostics(model, verdicts, log);
  const lenses = new RequirementsLensProvider(model, verdicts);
  const validations = new ValidationsTreeProvider(verdicts);
  const panel = new ReportPanel(context.extensionUri);
  const validationsView = vscode.window.createTreeView('snakepit.validations', { treeDataProvider: validations });
  context.subscriptions.push(
    verdicts,
    runner,
    diagnostics,
    lenses,
    validations,
    panel,
    vscode.languages.registerCodeLensProvider(REQUIREMENTS_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(REQUIREMENTS_SELECTOR, new RequirementsHoverProvider(model, verdicts)),
    validationsView,
  );
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(REQUIREMENTS_SELECTOR, new RequirementsCodeActionProvider(model), RequirementsCodeActionProvider.metadata),
  );
  registerGateCommands(context, { runner, model, verdicts, panel, log });
  void verdicts.reload();
  return { runner, verdicts, diagnostics, lenses, validations, validationsView, panel, dirs };
}
