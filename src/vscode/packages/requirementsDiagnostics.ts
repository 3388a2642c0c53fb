import * as vscode from 'vscode';
import type { RequirementProblem } from '../../core/packages/requirements';
import { relativeTime } from './relativeTime';
import { topReasons, shorten } from './reasonSummary';
import { pinnedVersion, toRange, type RequirementsModel } from './requirementsModel';
import type { VerdictIndex, VerdictRecord } from './verdictIndex';

const DEBOUNCE_MS = 250;

const PROBLEM_SEVERITY: Record<RequirementProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const VERDICT_SEVERITY: Record<Exclude<VerdictRecord['verdict'], 'pass'>, vscode.DiagnosticSeverity> = {
  warn: vscode.DiagnosticSeverity.Warning,
  fail: vscode.DiagnosticSeverity.Error,
};

function isRequirements(document: vscode.TextDocument): boolean {
  return document.languageId === 'pip-requirements' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

/** `Snakepit gate: fail (score 12), 2 min ago — network connection at import (SPK301)` */
export function verdictMessage(record: VerdictRecord): string {
  const head = `Snakepit gate: ${record.verdict} for ${record.name} ${record.version} (score ${record.score}), validated ${relativeTime(record.validatedAt)}`;
  const reasons = topReasons(record.package, 3).map((r) => `${shorten(r.message, 100)} (${r.code})`);
  return reasons.length ? `${head}: ${reasons.join('; ')}` : head;
}

function verdictDiagnostic(range: vscode.Range, record: VerdictRecord & { verdict: 'warn' | 'fail' }): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, verdictMessage(record), VERDICT_SEVERITY[record.verdict]);
  diagnostic.source = 'snakepit-gate';
  diagnostic.code = topReasons(record.package, 1)[0]?.code ?? record.verdict;
  return diagnostic;
}

/**
 * The `snakepit-requirements` collection: syntax errors and requirement checks as you type,
 * plus the last gate verdict on each requirement line.
 */
export class RequirementsDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('snakepit-requirements');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly model: RequirementsModel,
    private readonly verdicts: VerdictIndex,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => this.update(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.model.forget(d);
      }),
      verdicts.onDidChange(() => this.updateAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('snakepit.gate')) {
          this.model.clear();
          this.updateAll();
        }
      }),
    ];
    this.updateAll();
  }

  updateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isRequirements(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(document);
      }, DEBOUNCE_MS),
    );
  }

  update(document: vscode.TextDocument): void {
    if (!isRequirements(document) || document.isClosed) return;
    try {
      const { problems } = this.model.get(document);
      const diagnostics = problems.map((p) => {
        const d = new vscode.Diagnostic(toRange(p.location), p.message, PROBLEM_SEVERITY[p.severity]);
        d.source = 'snakepit';
        d.code = p.code;
        return d;
      });
      for (const requirement of this.model.requirements(document)) {
        const record = this.verdicts.latestFor(requirement.name, pinnedVersion(requirement));
        // Problems is for what needs attention: a pass stays in the lens and the hover.
        if (record && record.verdict !== 'pass') diagnostics.push(verdictDiagnostic(toRange(requirement.location), { ...record, verdict: record.verdict }));
      }
      this.collection.set(document.uri, diagnostics);
    } catch (error) {
      this.log.error(`could not check ${document.uri.fsPath}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
