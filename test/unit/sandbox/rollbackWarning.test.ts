import * as assert from 'node:assert/strict';
import type { SandboxRecord, SnapshotRecord } from '../../../src/core/sandbox/engine';
import { describeAge, rollbackWarning } from '../../../src/vscode/sandbox/rollbackWarning';

const now = Date.parse('2026-01-01T12:00:00Z');
const snapshot = (label: string, minutesAgo: number): SnapshotRecord => ({ id: `id-${label}`, label, createdAt: new Date(now - minutesAgo * 60_000).toISOString(), handle: '' });

describe('the rollback confirmation (Sandboxes view)', () => {
  const clean = snapshot('clean', 12);
  const later = snapshot('with deps', 3);
  const record = { name: 'box', workDir: '/work', snapshots: [clean, later] } as unknown as SandboxRecord;

  it('says what is lost since the snapshot, which newer snapshots stay, and what happens to open terminals', () => {
    const { message, detail } = rollbackWarning(record, clean, 2, now);
    assert.equal(message, 'Roll box back to "clean"?');
    assert.match(detail, /since "clean" was taken \(12 minutes ago\) is lost: files under \/work, packages installed or removed/);
    assert.match(detail, /Newer snapshots stay and can be rolled back to: "with deps"\./);
    assert.match(detail, /Its 2 open terminals are closed and reopened on the restored files/);
  });

  it('warns that the current state is kept nowhere when no newer snapshot exists, and leaves terminals out when none is open', () => {
    const { detail } = rollbackWarning(record, later, 0, now);
    assert.match(detail, /no newer snapshot: take one first/);
    assert.doesNotMatch(detail, /terminal/);
  });

  it('words ages for people', () => {
    assert.equal(describeAge(new Date(now - 20_000).toISOString(), now), 'just now');
    assert.equal(describeAge(new Date(now - 60_000).toISOString(), now), '1 minute ago');
    assert.equal(describeAge(new Date(now - 5 * 3_600_000).toISOString(), now), '5 hours ago');
    assert.equal(describeAge(new Date(now - 72 * 3_600_000).toISOString(), now), '3 days ago');
  });
});
