import * as assert from 'node:assert/strict';
import type { DistributionState } from '../../../src/core/environments/environmentState';
import type { HistoryRecord } from '../../../src/core/environments/history/environmentHistory';
import { countsText, distributionDescription, distributionTooltip, driftByName, loadConfirmation, rollbackConfirmation } from '../../../src/vscode/environments/presentation';

const zero = { verified: 0, warned: 0, failed: 0, unverified: 0, modified: 0 };

const entry = (id: number, what: string): HistoryRecord => ({
  id,
  at: '2026-12-02T10:15:30.000Z',
  kind: 'external',
  who: 'outside Snakepit',
  what,
  before: [],
  after: [],
  changes: { added: [], removed: [], changed: [] },
  freeze: '',
  fingerprint: '',
  files: 0,
  bytes: 0,
});

describe('Environments view: what it says', () => {
  it('counts as the status bar shows them, warned and modified only when present', () => {
    assert.equal(countsText({ ...zero, verified: 41, unverified: 3 }), '✓ 41 · ? 3 · ✗ 0');
    assert.equal(countsText({ verified: 2, warned: 1, failed: 1, unverified: 0, modified: 4 }), '✓ 2 · ! 1 · ? 0 · ✗ 1 · M 4');
  });

  it('a verified package gives its verdict and date; drift markers follow its state', () => {
    const dist: DistributionState = {
      name: 'six',
      version: '1.17.0',
      installer: 'pip',
      files: 6,
      verification: { state: 'verified', verdict: { verdict: 'pass', score: 100, validatedAt: '2026-12-01T08:09:10.000Z', artifact: { filename: 'six-1.17.0-py2.py3-none-any.whl', sha256: 'ab' } } },
    };
    const drift = driftByName([
      { kind: 'undeclared', name: 'six', installed: '1.17.0', message: 'six 1.17.0 is installed but neither declared nor required' },
      { kind: 'version-mismatch', name: 'Tabulate', installed: '0.10.0', specifier: '<0.9', message: 'tabulate out of range' },
    ]);
    assert.equal(distributionDescription(dist, drift.get('six') ?? []), '1.17.0 · verified · not declared');
    const tooltip = distributionTooltip(dist, drift.get('six') ?? []);
    assert.match(tooltip, /^six 1\.17\.0 \(installed by pip\)\nverified: /);
    assert.match(tooltip, /Gate verdict: pass, score 100, validated 2026-12-01 08:09 UTC/);
    assert.match(tooltip, /Drift: six 1\.17\.0 is installed but neither declared/);
    const tabulate: DistributionState = { name: 'tabulate', version: '0.10.0', installer: 'pip', files: 5, verification: { state: 'unverified' } };
    assert.equal(distributionDescription(tabulate, drift.get('tabulate') ?? []), '0.10.0 · unverified · out of range (<0.9)', 'drift is matched by the PEP 503 name');
  });

  it('a rollback confirmation names every package it adds, removes and changes, and how to undo it', () => {
    const ask = rollbackConfirmation('.venv', entry(2, '+six 1.17.0'), { added: [{ name: 'idna', version: '3.7', record: 'x' }], removed: [{ name: 'tabulate', version: '0.10.0', record: 'y' }], changed: [{ name: 'six', from: '1.16.0', to: '1.17.0' }] }, { write: 12, remove: 7 });
    assert.equal(ask.message, 'Roll .venv back to the state after entry 2?');
    assert.match(ask.detail, /^Entry 2 \(external, 2026-12-02 10:15 UTC\): \+six 1\.17\.0/);
    assert.match(ask.detail, /\+ idna 3\.7 \(put back\)\n− tabulate 0\.10\.0 \(removed\)\n~ six 1\.16\.0 → 1\.17\.0/);
    assert.match(ask.detail, /12 file\(s\) written, 7 removed/);
    assert.match(rollbackConfirmation('.venv', entry(3, 'x'), { added: [], removed: [], changed: [] }, { write: 1, remove: 0 }).detail, /No package changes/);
  });

  it('a load confirmation says where the environment was saved from when that was elsewhere', () => {
    const ask = loadConfirmation('.venv', 'env.lock', { added: [], removed: [{ name: 'six', version: '1.17.0', record: 'x' }], changed: [] }, '/elsewhere/.venv');
    assert.equal(ask.message, 'Make .venv exactly the environment saved in env.lock?');
    assert.match(ask.detail, /− six 1\.17\.0 \(removed\)/);
    assert.match(ask.detail, /saved from \/elsewhere\/\.venv: scripts there name that path/);
  });
});
