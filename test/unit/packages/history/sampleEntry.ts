import { createHash } from 'node:crypto';
import type { HistoryEntry } from '../../../../src/core/packages/gate/history';
import type { Verdict } from '../../../../src/core/packages/reasons';

export const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** A complete verdict as the gate would record it; `seed` makes the artifacts' hashes distinct. */
export function sampleEntry(name: string, version: string, seed: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  const verdict: Verdict = overrides.verdict ?? 'pass';
  const sha256s = overrides.sha256s ?? [digest(`${seed}-a`), digest(`${seed}-b`)];
  return {
    name,
    version,
    verdict,
    score: 97,
    sha256s,
    rulesetVersion: '1',
    validatedAt: new Date().toISOString(),
    engine: 'bubblewrap',
    package: {
      name,
      version,
      requested: `${name}==${version}`,
      verdict,
      score: 97,
      cached: false,
      artifacts: sha256s.map((sha256, i) => ({ filename: `${name}-${version}-${i}-py3-none-any.whl`, sha256, size: 1000 + i })),
      reasons: [{ code: 'SPK101', severity: 'low', message: 'a\ttab and "quotes" and ünïcode', file: `${name}/__init__.py`, line: 3, evidence: 'exec(x)' }],
      behavior: [{ phase: 'import', event: 'open', detail: '/tmp/x', module: name }],
      timings: { ingestMs: 10, testMs: 20, totalMs: 30 },
    },
    ...overrides,
  };
}
