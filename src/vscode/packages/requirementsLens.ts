import * as vscode from 'vscode';
import { relativeTime } from './relativeTime';
import { topReasons, verdictHeadline } from './reasonSummary';
import { pinnedVersion, toRange, type RequirementsModel } from './requirementsModel';
import type { VerdictIndex } from './verdictIndex';

/** Above each requirement: `Validate`, or the last verdict (`✓ validated 2 min ago`, `✗ failed: …`) which validates again; plus `Report`. */
export class RequirementsLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly model: RequirementsModel,
    private readonly verdicts: VerdictIndex,
  ) {
    this.subscription = verdicts.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const requirement of this.model.requirements(document)) {
      const range = toRange(requirement.location);
      const line = new vscode.Range(range.start.line, 0, range.start.line, 0);
      const validate = { command: 'snakepit.gate.validateLine', arguments: [document.uri, range.start.line] };
      const record = this.verdicts.latestFor(requirement.name, pinnedVersion(requirement));
      if (!record) {
        lenses.push(new vscode.CodeLens(line, { ...validate, title: 'Validate', tooltip: `Validate ${requirement.name} in a sandbox before installing it` }));
        continue;
      }
      const top = topReasons(record.package, 1)[0];
      lenses.push(
        new vscode.CodeLens(line, {
          ...validate,
          title: verdictHeadline(record.package, relativeTime(record.validatedAt)),
          tooltip: `${record.name} ${record.version}: ${record.verdict}, score ${record.score}${top ? ` — ${top.code} ${top.message}` : ''}. Click to validate again.`,
        }),
        new vscode.CodeLens(line, { title: 'Report', command: 'snakepit.gate.showReport', arguments: [record], tooltip: 'Open the validation report' }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
