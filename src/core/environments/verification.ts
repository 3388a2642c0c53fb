import type { ArtifactCache } from '../packages/cache/artifactCache';
import type { HistoryEntry, VerdictHistory } from '../packages/gate/history';
import { normalizeName } from '../packages/names';
import { modifiedFiles, type DigestLookup } from './fileHashes';
import type { InstalledDistribution, RecordEntry, VerificationResult } from './types';
import { wheelRecord } from './wheelRecord';

export interface VerificationSources {
  history: VerdictHistory;
  cache: ArtifactCache;
  /** Where wheels' RECORDs are memoised (by sha256). */
  memoDir?: string;
  /** Digests already known (the history's manifest of the current state): those files are not read again. */
  digestOf?: DigestLookup;
}

const STATE_OF = { pass: 'verified', warn: 'warned', fail: 'failed' } as const;

/** Which wheel files an installer writes unchanged: all with a hash, except RECORD itself. */
function mismatch(wheel: RecordEntry[], installed: Map<string, string>): string | undefined {
  for (const entry of wheel) {
    if (!entry.hash || /\.dist-info\/RECORD$/.test(entry.path)) continue;
    const hash = installed.get(entry.path);
    if (hash === undefined) return `${entry.path} is not installed`;
    if (hash !== entry.hash) return `${entry.path} differs from the verified wheel`;
  }
  return undefined;
}

/**
 * The verification state of each installed distribution (same order as given): `modified` when its
 * files no longer hash to its RECORD; else the verdict of the newest gate-judged wheel of the same
 * name and version whose every file is installed with the same sha256; else `unverified`.
 */
export async function verifyDistributions(dists: InstalledDistribution[], sources: VerificationSources): Promise<VerificationResult[]> {
  const byName = new Map<string, HistoryEntry[]>();
  for (const entry of sources.history.list()) {
    const key = normalizeName(entry.name);
    byName.set(key, [...(byName.get(key) ?? []), entry]);
  }
  const results: VerificationResult[] = [];
  for (const dist of dists) {
    const modified = modifiedFiles(dist, sources.digestOf);
    if (modified.length > 0) {
      results.push({ state: 'modified', modifiedFiles: modified.slice(0, 10) });
      continue;
    }
    const candidates = (byName.get(dist.key) ?? []).filter((e) => e.version === dist.version).sort((a, b) => b.validatedAt.localeCompare(a.validatedAt));
    results.push(await matchVerdict(dist, candidates, sources, (byName.get(dist.key) ?? []).length > 0));
  }
  return results;
}

async function matchVerdict(dist: InstalledDistribution, candidates: HistoryEntry[], sources: VerificationSources, seenOtherVersions: boolean): Promise<VerificationResult> {
  if (candidates.length === 0) {
    return seenOtherVersions ? { state: 'unverified', note: `the gate judged other versions of ${dist.name}, not ${dist.version}` } : { state: 'unverified' };
  }
  const installed = new Map(dist.files.map((f) => [f.path, f.hash]));
  const notes: string[] = [];
  for (const entry of candidates) {
    for (const artifact of entry.package.artifacts ?? []) {
      if (!artifact.filename.endsWith('.whl')) continue;
      const cached = sources.cache.get(artifact.sha256);
      if (!cached) {
        notes.push(`${artifact.filename} (${entry.verdict}) is no longer in the artifact cache, so its files cannot be compared; validate ${dist.name}==${dist.version} again`);
        continue;
      }
      let problem: string | undefined;
      try {
        problem = mismatch(await wheelRecord(cached.path, cached.sha256, sources.memoDir), installed);
      } catch (error) {
        problem = (error as Error).message;
      }
      if (!problem) {
        return { state: STATE_OF[entry.verdict], verdict: { verdict: entry.verdict, score: entry.score, validatedAt: entry.validatedAt, artifact: { filename: artifact.filename, sha256: artifact.sha256 } } };
      }
      notes.push(`not the files of ${artifact.filename} (${entry.verdict}): ${problem}`);
    }
  }
  return { state: 'unverified', note: notes[0] ?? `the gate judged ${dist.name} ${dist.version} but kept no wheel of it` };
}
