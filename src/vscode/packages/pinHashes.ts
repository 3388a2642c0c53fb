import * as vscode from 'vscode';
import type { PackageValidation } from '../../core/packages/gate/report';
import { normalizeName } from '../../core/packages/names';
import { pinnedRequirementLine } from '../../core/packages/requirements';
import { pinnedVersion, type RequirementsModel } from './requirementsModel';
import type { VerdictIndex } from './verdictIndex';

export interface PinOutcome {
  pinned: string[];
  /** Validated packages that were not pinned, with why. */
  skipped: string[];
  /** Validated dependencies not written in the file, added so that pip's hash-checking mode finds every file. */
  added: string[];
}

const DEPENDENCIES_HEADER = '# Dependencies validated by Snakepit (pinned so that --require-hashes finds every file)';

/**
 * Rewrites the requirement lines of an open requirements document pinned to the validated version with
 * the sha256 of every validated file, as an undoable edit. `validated` is the last report for this file;
 * lines it does not cover use the newest verdict in the history. Failed packages are left as they are.
 */
export async function pinDocumentWithHashes(
  document: vscode.TextDocument,
  model: RequirementsModel,
  verdicts: VerdictIndex,
  validated: readonly PackageValidation[] = [],
): Promise<PinOutcome> {
  const byName = new Map(validated.map((p) => [normalizeName(p.name), p]));
  const outcome: PinOutcome = { pinned: [], skipped: [], added: [] };
  const edit = new vscode.WorkspaceEdit();
  const written = new Set<string>();
  for (const requirement of model.requirements(document)) {
    if (!requirement.name || requirement.constraint) continue;
    written.add(requirement.name);
    const pkg = byName.get(requirement.name) ?? verdicts.latestFor(requirement.name, pinnedVersion(requirement))?.package;
    if (!pkg) {
      outcome.skipped.push(`${requirement.displayName}: not validated yet`);
      continue;
    }
    if (pkg.verdict === 'fail') {
      outcome.skipped.push(`${requirement.displayName}: its validation failed`);
      continue;
    }
    if (pkg.artifacts.length === 0) {
      outcome.skipped.push(`${requirement.displayName}: no validated files`);
      continue;
    }
    const text = pinnedRequirementLine(requirement, pkg.version, pkg.artifacts.map((a) => a.sha256));
    const { line, endLine } = requirement.lineRange;
    const range = new vscode.Range(line - 1, 0, endLine - 1, document.lineAt(endLine - 1).text.length);
    if (document.getText(range) !== text) edit.replace(document.uri, range, text);
    outcome.pinned.push(`${pkg.name}==${pkg.version}`);
  }
  const dependencies = validated.filter((p) => !written.has(normalizeName(p.name)) && p.verdict !== 'fail' && p.artifacts.length > 0);
  if (dependencies.length && outcome.pinned.length) {
    const lines = dependencies.map((p) => [`${p.name}==${p.version}`, ...p.artifacts.map((a) => `    --hash=sha256:${a.sha256}`)].join(' \\\n'));
    const last = document.lineAt(document.lineCount - 1);
    const separator = last.text.length ? '\n' : '';
    edit.insert(document.uri, last.range.end, `${separator}${DEPENDENCIES_HEADER}\n${lines.join('\n')}\n`);
    outcome.added.push(...dependencies.map((p) => `${p.name}==${p.version}`));
  }
  if (edit.size > 0 && !(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${vscode.workspace.asRelativePath(document.uri)} (is it read-only?)`);
  return outcome;
}
