// What the Environments view and its status bar item say, as plain text (no `vscode`: the unit tests read it).
import type { DistributionState } from '../../core/environments/environmentState';
import type { DriftItem, DriftKind } from '../../core/environments/drift';
import type { ListingChanges } from '../../core/environments/history/listing';
import type { HistoryRecord } from '../../core/environments/history/environmentHistory';
import type { VerificationState } from '../../core/environments/types';
import { normalizeName } from '../../core/packages/names';

/** `✓ 41 · ? 3 · ✗ 0`, with warned (`!`) and modified (`M`) only when there are any. */
export function countsText(counts: Record<VerificationState, number>): string {
  const parts = [`✓ ${counts.verified}`, `? ${counts.unverified}`, `✗ ${counts.failed}`];
  if (counts.warned > 0) parts.splice(1, 0, `! ${counts.warned}`);
  if (counts.modified > 0) parts.push(`M ${counts.modified}`);
  return parts.join(' · ');
}

const STATE_WORDS: Record<VerificationState, string> = {
  verified: 'verified: these are the files of a wheel the gate passed',
  warned: 'warned: these are the files of a wheel the gate warned about',
  failed: 'failed: these are the files of a wheel the gate FAILED',
  unverified: 'unverified: the gate never judged these files',
  modified: 'modified: installed files no longer match its RECORD',
};

/** The tooltip of a package: its verification verdict and date, or why it has none, then its drift. */
export function distributionTooltip(dist: DistributionState, drift: DriftItem[]): string {
  const v = dist.verification;
  const lines = [`${dist.name} ${dist.version}${dist.installer ? ` (installed by ${dist.installer})` : ''}`, STATE_WORDS[v.state]];
  if (v.verdict) lines.push(`Gate verdict: ${v.verdict.verdict}, score ${v.verdict.score}, validated ${v.verdict.validatedAt.replace('T', ' ').slice(0, 16)} UTC`, `Wheel: ${v.verdict.artifact.filename}`);
  if (v.modifiedFiles?.length) lines.push(`Changed: ${v.modifiedFiles.join(', ')}`);
  if (v.note) lines.push(v.note);
  for (const item of drift) lines.push(`Drift: ${item.message}`);
  return lines.join('\n');
}

const DRIFT_MARKS: Record<DriftKind, string> = {
  missing: 'declared, not installed',
  'version-mismatch': 'out of range',
  undeclared: 'not declared',
  'never-verified': 'declared, never verified',
};

/** The short marker a drift item adds to a package's description. */
export const driftMarker = (item: DriftItem) => (item.kind === 'version-mismatch' && item.specifier ? `out of range (${item.specifier})` : DRIFT_MARKS[item.kind]);

/** A package's description: version, state, drift markers. */
export function distributionDescription(dist: DistributionState, drift: DriftItem[]): string {
  return [dist.version, dist.verification.state, ...drift.map(driftMarker)].join(' · ');
}

/** Drift items by the PEP 503 name they are about. */
export function driftByName(items: DriftItem[]): Map<string, DriftItem[]> {
  const byName = new Map<string, DriftItem[]>();
  for (const item of items) byName.set(normalizeName(item.name), [...(byName.get(normalizeName(item.name)) ?? []), item]);
  return byName;
}

/** One history entry as the view lists it. */
export function entryLabel(entry: HistoryRecord): string {
  return `${entry.id} · ${entry.kind}: ${entry.what}`;
}

/** What a rollback or load will change, one line per package (for the modal's detail). */
export function changeLines(changes: ListingChanges): string[] {
  return [
    ...changes.added.map((d) => `+ ${d.name} ${d.version} (put back)`),
    ...changes.removed.map((d) => `− ${d.name} ${d.version} (removed)`),
    ...changes.changed.map((c) => (c.from === c.to ? `~ ${c.name} ${c.to} (its files restored)` : `~ ${c.name} ${c.from} → ${c.to}`)),
  ];
}

/** The confirmation a rollback asks for: the packages added, removed and changed, the files touched, how to undo it. */
export function rollbackConfirmation(environment: string, entry: HistoryRecord, changes: ListingChanges, paths: { write: number; remove: number }): { message: string; detail: string } {
  const lines = changeLines(changes);
  const packages = lines.length ? lines.join('\n') : 'No package changes; only files outside the installed packages differ.';
  return {
    message: `Roll ${environment} back to the state after entry ${entry.id}?`,
    detail: [
      `Entry ${entry.id} (${entry.kind}, ${entry.at.replace('T', ' ').slice(0, 16)} UTC): ${entry.what}`,
      packages,
      `${paths.write} file(s) written, ${paths.remove} removed, from Snakepit's store. The rollback is itself a history entry: rolling back to the entry before it undoes it.`,
    ].join('\n\n'),
  };
}

/** The confirmation a load asks for. */
export function loadConfirmation(environment: string, file: string, changes: ListingChanges, savedFrom?: string): { message: string; detail: string } {
  const lines = changeLines(changes);
  return {
    message: `Make ${environment} exactly the environment saved in ${file}?`,
    detail: [
      lines.length ? lines.join('\n') : 'No package changes.',
      ...(savedFrom ? [`It was saved from ${savedFrom}: scripts there name that path.`] : []),
      'Files come from Snakepit\'s store, as verified when they were recorded; what is extra is removed. The load is a history entry and can be rolled back.',
    ].join('\n\n'),
  };
}
