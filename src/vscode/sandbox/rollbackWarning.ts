import type { SandboxRecord, SnapshotRecord } from '../../core/sandbox/engine';

/** "12 minutes ago", "just now", "3 hours ago", "2 days ago". */
export function describeAge(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

/** The confirmation a rollback asks for: what goes, what stays, what happens to open terminals. */
export function rollbackWarning(record: SandboxRecord, snapshot: SnapshotRecord, openTerminals: number, now = Date.now()): { message: string; detail: string } {
  const shown = snapshot.label || snapshot.id;
  const newer = record.snapshots.filter((s) => Date.parse(s.createdAt) > Date.parse(snapshot.createdAt)).map((s) => `"${s.label || s.id}"`);
  const lines = [
    `Everything changed in ${record.name} since "${shown}" was taken (${describeAge(snapshot.createdAt, now)}) is lost: files under ${record.workDir}, packages installed or removed, anything else written inside the sandbox.`,
    newer.length ? `Newer snapshots stay and can be rolled back to: ${newer.join(', ')}.` : 'There is no newer snapshot: take one first to keep the current state.',
  ];
  if (openTerminals > 0) {
    lines.push(`${openTerminals === 1 ? 'Its open terminal is' : `Its ${openTerminals} open terminals are`} closed and reopened on the restored files (a running command there is ended).`);
  }
  return { message: `Roll ${record.name} back to "${shown}"?`, detail: lines.join('\n\n') };
}
