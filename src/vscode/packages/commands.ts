import * as vscode from 'vscode';
import type { ValidationReport } from '../../core/packages/gate/report';
import { GateCancelled, buildRequest, type GateRun, type GateRunner, type RequestInput } from './gateRunner';
import { resolveTargetInterpreter } from './interpreter';
import { validatePackageInput } from './packageInput';
import { pinDocumentWithHashes, type PinOutcome } from './pinHashes';
import type { ReportPanel } from './reportPanel';
import type { ReportView } from './reportHtml';
import type { RequirementsModel } from './requirementsModel';
import type { VerdictIndex, VerdictRecord } from './verdictIndex';

export interface GateCommandDeps {
  runner: GateRunner;
  model: RequirementsModel;
  verdicts: VerdictIndex;
  panel: ReportPanel;
  log: vscode.LogOutputChannel;
}

function reportView(run: GateRun): ReportView {
  const what = run.request.requirementFiles.length ? vscode.workspace.asRelativePath(run.request.requirementFiles[0]) : run.request.specs.join(' ');
  const { report } = run;
  const warnings = [...(report.warnings ?? []), ...(report.installSkipped ? [`Not installed: ${report.installSkipped}`] : [])];
  return { title: `Validation: ${what}`, verdict: report.verdict, engine: report.engine, installed: report.installed, packages: report.packages, actions: true, resource: run.resource?.toString(), warnings };
}

function recordView(record: VerdictRecord): ReportView {
  return { title: `Validation: ${record.name} ${record.version}`, verdict: record.verdict, packages: [record.package], actions: false };
}

function isRecordKey(value: unknown): value is { name: string; version?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

async function requirementsDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  return active?.languageId === 'pip-requirements' ? active : undefined;
}

/** The file must be on disk and saved: the core reads it (and its `-r` includes) from there. */
async function savedPath(document: vscode.TextDocument): Promise<string | undefined> {
  if (document.isUntitled) {
    void vscode.window.showErrorMessage('Snakepit: save the requirements file first; the gate reads it, and the files it includes, from disk.');
    return undefined;
  }
  if (document.isDirty && !(await document.save())) {
    void vscode.window.showErrorMessage(`Snakepit: could not save ${vscode.workspace.asRelativePath(document.uri)}; save it and validate again.`);
    return undefined;
  }
  return document.uri.fsPath;
}

export function registerGateCommands(context: vscode.ExtensionContext, deps: GateCommandDeps): void {
  const { runner, model, verdicts, panel, log } = deps;

  /** Runs, shows the report, and turns failures into messages that say what to do. */
  async function run(input: RequestInput, title: string, resource?: vscode.Uri): Promise<ValidationReport | undefined> {
    try {
      const result = await runner.run(buildRequest(input, resource), title, resource);
      panel.show(reportView(result));
      const counts = (['pass', 'warn', 'fail'] as const).map((v) => `${result.report.packages.filter((p) => p.verdict === v).length} ${v}`).join(', ');
      const installed = result.report.installed ? `, installed into ${result.report.target ?? 'the target'}` : '';
      const skipped = result.report.installSkipped ? `; not installed: ${result.report.installSkipped}` : '';
      const message = `Snakepit: ${title} — ${result.report.verdict} (${counts})${installed}${skipped}.`;
      for (const warning of result.report.warnings ?? []) void vscode.window.showWarningMessage(`Snakepit: ${warning}`);
      if (result.report.verdict === 'fail' || result.report.installSkipped) void vscode.window.showErrorMessage(message);
      else void vscode.window.showInformationMessage(message);
      return result.report;
    } catch (error) {
      if (error instanceof GateCancelled) {
        void vscode.window.showInformationMessage(`Snakepit: ${title} cancelled; its sandboxes were removed and nothing was installed.`);
        return undefined;
      }
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${title}: ${error instanceof Error ? error.stack ?? message : message}`);
      const SETTINGS = 'Open Settings';
      const LOG = 'Show Log';
      // Not awaited: the command returns while the message waits for the user.
      void vscode.window.showErrorMessage(`Snakepit: ${title} could not run: ${message}`, SETTINGS, LOG).then((choice) => {
        if (choice === SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', 'snakepit.gate');
        if (choice === LOG) log.show(true);
      });
      return undefined;
    }
  }

  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('snakepit.gate.validateRequirements', async (uri?: vscode.Uri) => {
    const document = await requirementsDocument(uri);
    if (!document) {
      void vscode.window.showErrorMessage('Snakepit: open a requirements file (requirements.txt, *.pip) or right-click one in the Explorer, then run Validate Requirements.');
      return undefined;
    }
    const file = await savedPath(document);
    if (!file) return undefined;
    return run({ specs: [], requirementFiles: [file] }, `validating ${vscode.workspace.asRelativePath(document.uri)}`, document.uri);
  });

  register('snakepit.gate.validateLine', async (uri: vscode.Uri, line: number) => {
    const document = await vscode.workspace.openTextDocument(uri);
    const requirement = model.requirementAt(document, line);
    if (!requirement) {
      void vscode.window.showErrorMessage(`Snakepit: line ${line + 1} of ${vscode.workspace.asRelativePath(uri)} holds no requirement to validate.`);
      return undefined;
    }
    // The file's own index options apply to its lines, as pip would apply them.
    const { options } = model.get(document).parsed;
    const settings = buildRequest({ specs: [], requirementFiles: [] }, uri);
    return run(
      {
        specs: [[requirement.text, ...requirement.hashes.map((h) => `--hash=${h}`)].join(' ')],
        requirementFiles: [],
        indexUrl: options.indexUrl ?? settings.indexUrl,
        extraIndexUrls: options.extraIndexUrls.length ? options.extraIndexUrls : settings.extraIndexUrls,
        findLinks: options.findLinks.length ? options.findLinks : settings.findLinks,
        noIndex: options.noIndex || undefined,
      },
      `validating ${requirement.text}`,
      uri,
    );
  });

  register('snakepit.gate.validatePackage', async (spec?: string) => {
    const input =
      typeof spec === 'string'
        ? spec
        : await vscode.window.showInputBox({
            title: 'Snakepit: Validate Package',
            prompt: 'A package to validate in a sandbox: name, or name==version',
            placeHolder: 'requests==2.32.3',
            validateInput: validatePackageInput,
          });
    if (input === undefined) return undefined;
    const problem = validatePackageInput(input);
    if (problem) {
      void vscode.window.showErrorMessage(`Snakepit: "${input}": ${problem}`);
      return undefined;
    }
    return run({ specs: [input.trim()], requirementFiles: [] }, `validating ${input.trim()}`, vscode.window.activeTextEditor?.document.uri);
  });

  register('snakepit.gate.cancel', () => {
    if (runner.cancel()) return true;
    void vscode.window.showInformationMessage('Snakepit: no validation is running.');
    return false;
  });

  register('snakepit.gate.showReport', (target?: unknown) => {
    if (isRecordKey(target)) {
      const record = 'package' in target ? (target as VerdictRecord) : verdicts.latestFor(target.name, target.version);
      if (record) {
        panel.show(recordView(record));
        return true;
      }
    }
    if (runner.last) {
      panel.show(reportView(runner.last));
      return true;
    }
    void vscode.window.showInformationMessage('Snakepit: no validation report yet. Run "Snakepit: Validate Requirements" or "Snakepit: Validate Package" first.');
    return false;
  });

  register('snakepit.gate.install', async () => {
    const last = runner.last;
    if (!last) {
      void vscode.window.showErrorMessage('Snakepit: nothing validated yet in this window. Validate requirements or a package first; Install installs exactly the files that were checked.');
      return undefined;
    }
    const target = await resolveTargetInterpreter(last.resource);
    if (!target) {
      void vscode.window.showErrorMessage(
        'Snakepit: no target environment. Select an interpreter in the Python extension, set "snakepit.python.interpreter", or create a .venv in the workspace.',
      );
      return undefined;
    }
    log.info(`install target: ${target.python} (${target.source})`);
    return run({ ...last.request, install: true, python: target.python, pinHashes: false }, `installing validated packages into ${target.python}`, last.resource);
  });

  register('snakepit.gate.pinHashes', async (uri?: vscode.Uri) => {
    const last = runner.last;
    const document = (await requirementsDocument(uri)) ?? (last?.resource ? await vscode.workspace.openTextDocument(last.resource) : undefined);
    if (!document || document.languageId !== 'pip-requirements') {
      void vscode.window.showErrorMessage('Snakepit: Pin with hashes rewrites a requirements file: open one (or run it from the Explorer on one) after validating it.');
      return undefined;
    }
    const validated = last?.resource?.toString() === document.uri.toString() ? last.report.packages : [];
    let outcome: PinOutcome;
    try {
      outcome = await pinDocumentWithHashes(document, model, verdicts, validated);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`pin with hashes: ${message}`);
      void vscode.window.showErrorMessage(`Snakepit: could not pin ${vscode.workspace.asRelativePath(document.uri)}: ${message}`);
      return undefined;
    }
    const skipped = outcome.skipped.length ? ` Not pinned: ${outcome.skipped.join('; ')}.` : '';
    if (outcome.pinned.length === 0) {
      void vscode.window.showWarningMessage(`Snakepit: nothing to pin in ${vscode.workspace.asRelativePath(document.uri)}: validate it first.${skipped}`);
      return outcome;
    }
    await document.save();
    const added = outcome.added.length ? ` Added validated dependencies: ${outcome.added.join(', ')}.` : '';
    void vscode.window.showInformationMessage(`Snakepit: pinned ${outcome.pinned.join(', ')} with the sha256 of the validated files.${added}${skipped}`);
    return outcome;
  });
}
