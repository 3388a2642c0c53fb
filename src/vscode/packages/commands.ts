import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ValidationReport } from '../../core/packages/gate/report';
import { GateCancelled, buildRequest, type GateRun, type GateRunner, type RequestInput } from './gateRunner';
import { validatePackageInput } from './packageInput';
import { pinOutcome } from './pinHashes';
import type { ReportPanel } from './reportPanel';
import { reportActions, type ReportView } from './reportHtml';
import { confirmInstallTarget } from './installTarget';
import { offerIndexHelp } from './indexHelp';
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
  const file = run.request.requirementFiles.length ? run.resource : undefined;
  return {
    title: `Validation: ${what}`,
    verdict: report.verdict,
    engine: report.engine,
    installed: report.installed,
    packages: report.packages,
    actions: reportActions(report.verdict, file !== undefined),
    resource: file?.toString(),
    specs: file ? undefined : run.request.specs,
    warnings,
  };
}

function recordView(record: VerdictRecord): ReportView {
  const spec = record.version ? `${record.name}==${record.version}` : record.name;
  return { title: `Validation: ${record.name} ${record.version}`, verdict: record.verdict, packages: [record.package], actions: reportActions(record.verdict, false), specs: [spec] };
}

/** What Install and Validate Again act on, from the command's argument, the open report, the active editor or the last run. */
export interface GateSubject {
  resource?: vscode.Uri;
  specs?: string[];
}

function isSubject(value: unknown): value is GateSubject {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && ('resource' in value || 'specs' in value) && !('name' in value);
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
      offerIndexHelp(result.report, resource);
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
        indexOrigins: {
          indexUrl: options.indexUrl ? `the --index-url line of ${vscode.workspace.asRelativePath(uri)}` : settings.indexOrigins?.indexUrl,
          extraIndexUrls: options.extraIndexUrls.length ? `the --extra-index-url lines of ${vscode.workspace.asRelativePath(uri)}` : settings.indexOrigins?.extraIndexUrls,
          findLinks: options.findLinks.length ? `the --find-links lines of ${vscode.workspace.asRelativePath(uri)}` : settings.indexOrigins?.findLinks,
          noIndex: `the --no-index line of ${vscode.workspace.asRelativePath(uri)}`,
        },
      },
      `validating ${requirement.text}`,
      uri,
    );
  });

  register('snakepit.gate.validatePackage', async (spec?: string | string[]) => {
    // Several exact pins at once: the Environments view's "Verify Unverified Packages".
    if (Array.isArray(spec)) return run({ specs: spec, requirementFiles: [] }, `validating ${spec.length} package(s)`, vscode.window.activeTextEditor?.document.uri);
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

  /** The subject of Install / Validate Again: nothing here depends on what this window ran before, only on files and the history. */
  async function subjectOf(target: unknown): Promise<GateSubject | undefined> {
    if (target instanceof vscode.Uri) return { resource: target };
    if (isSubject(target)) return { resource: target.resource instanceof vscode.Uri ? target.resource : typeof target.resource === 'string' ? vscode.Uri.parse(target.resource) : undefined, specs: target.specs };
    if (isRecordKey(target)) return { specs: [target.version ? `${target.name}==${target.version}` : target.name] };
    const view = panel.view;
    if (view?.resource) return { resource: vscode.Uri.parse(view.resource) };
    if (view?.specs?.length) return { specs: view.specs };
    const active = await requirementsDocument();
    if (active) return { resource: active.uri };
    const last = runner.last;
    if (last) return last.request.requirementFiles.length && last.resource ? { resource: last.resource } : { specs: last.request.specs };
    return undefined;
  }

  function subjectInput(subject: GateSubject, file: string | undefined): RequestInput {
    return file ? { specs: [], requirementFiles: [file] } : { specs: subject.specs ?? [], requirementFiles: [] };
  }

  register('snakepit.gate.install', async (target?: unknown, options?: { python?: string }) => {
    const subject = await subjectOf(target);
    if (!subject || (!subject.resource && !subject.specs?.length)) {
      void vscode.window.showErrorMessage('Snakepit: nothing to install: open the requirements file (or the validation report) to install, then run Install Validated Packages. Install installs exactly the files that were checked.');
      return undefined;
    }
    const document = subject.resource && !subject.specs?.length ? await vscode.workspace.openTextDocument(subject.resource) : undefined;
    const file = document ? await savedPath(document) : undefined;
    if (document && !file) return undefined;
    const what = document ? vscode.workspace.asRelativePath(document.uri) : subject.specs!.join(' ');
    // The caller may name the environment (the API, tests); a person is told where it goes and may change it.
    const chosen = options?.python ? { python: options.python, source: 'the command\'s argument' } : await confirmInstallTarget(`${what}: the files the verdict history holds for it (validated again first if needed).`, subject.resource);
    if (!chosen) return undefined;
    log.info(`install target: ${chosen.python} (${chosen.source})`);
    return run({ ...subjectInput(subject, file), install: true, python: chosen.python }, `installing ${what} into ${chosen.python} (${chosen.source})`, subject.resource);
  });

  register('snakepit.gate.revalidate', async (target?: unknown) => {
    const subject = await subjectOf(target);
    if (subject?.resource && !subject.specs?.length) return vscode.commands.executeCommand('snakepit.gate.validateRequirements', subject.resource);
    if (subject?.specs?.length) return run({ specs: subject.specs, requirementFiles: [] }, `validating ${subject.specs.join(' ')}`, subject.resource);
    void vscode.window.showErrorMessage('Snakepit: nothing to validate again: open a requirements file or a validation report.');
    return undefined;
  });

  register('snakepit.gate.pinHashes', async (uri?: vscode.Uri) => {
    const view = panel.view;
    const document = (await requirementsDocument(uri)) ?? (view?.resource ? await vscode.workspace.openTextDocument(vscode.Uri.parse(view.resource)) : undefined);
    if (!document || document.languageId !== 'pip-requirements') {
      void vscode.window.showErrorMessage('Snakepit: Pin with hashes rewrites a requirements file: open one (or run it from the Explorer on one) after validating it.');
      return undefined;
    }
    const file = await savedPath(document);
    if (!file) return undefined;
    const relative = vscode.workspace.asRelativePath(document.uri);
    // The core pins from the verdict history (no sandbox when every line was judged), the whole resolved set:
    // dependencies too, so that `pip install --require-hashes -r` finds every file. Nothing comes from window memory.
    const before = document.getText();
    const report = await run({ specs: [], requirementFiles: [file], pinHashes: true }, `pinning ${relative} with hashes`, document.uri);
    if (!report) return undefined;
    const after = fs.readFileSync(file, 'utf8');
    const outcome = pinOutcome(report, before, after);
    // The editor shows the pinned file now (not when its file watcher notices), and Undo takes the pinning back.
    if (document.getText() !== after) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), after);
      if (await vscode.workspace.applyEdit(edit)) await document.save();
    }
    if (report.verdict === 'fail') void vscode.window.showWarningMessage(`Snakepit: ${relative} was not pinned: a package failed validation (see the report).`);
    else if (outcome.pinned.length === 0) void vscode.window.showWarningMessage(`Snakepit: nothing pinned in ${relative}.`);
    else void vscode.window.showInformationMessage(`Snakepit: pinned ${outcome.pinned.length} package(s) in ${relative} with the sha256 of the validated files${outcome.added.length ? `, dependencies included (${outcome.added.join(', ')})` : ''}.`);
    return outcome;
  });
}
