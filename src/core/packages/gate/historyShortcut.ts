import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactCache, CachedArtifact } from '../cache/artifactCache';
import { RULESET_VERSION, type HistoryEntry, type VerdictHistory } from './history';
import type { GateRequirement } from './gateRequirement';
import type { PackageValidation } from './report';
import { listedSha256, listProjectFiles, newestVersion, pickable, sameVersion } from '../ingest/indexListing';
import type { IndexConfig } from '../ingest/pipConfig';
import type { RequirementOptions } from '../requirements/types';

/** A stored verdict for one of a requirement's `--hash` values (same ruleset, same pinned version). */
export function verdictForHashes(history: VerdictHistory, requirement: GateRequirement): HistoryEntry | undefined {
  for (const sha256 of requirement.hashes) {
    const entry = history.lookup({ sha256s: [sha256], rulesetVersion: RULESET_VERSION });
    if (entry && (requirement.pinnedVersion === undefined || entry.version === requirement.pinnedVersion)) return entry;
  }
  return undefined;
}

/** The stored verdict for files just downloaded (their sha256s are the key). */
export function verdictForFiles(history: VerdictHistory, downloaded: CachedArtifact): HistoryEntry | undefined {
  return history.lookup({ sha256s: [downloaded.sha256], rulesetVersion: RULESET_VERSION });
}

/** A history entry as this run's result for `requested`. */
export function fromHistory(entry: HistoryEntry, requested: string, totalMs: number): PackageValidation {
  return { ...entry.package, requested, cached: true, timings: { ingestMs: 0, testMs: 0, totalMs } };
}

/** The wheels a stored verdict was given for, from the cache (undefined when one is gone: validate again). */
export function cachedWheels(cache: ArtifactCache, validations: PackageValidation[]): CachedArtifact[] | undefined {
  const wheels: CachedArtifact[] = [];
  for (const validation of validations) {
    const ref = validation.artifacts.find((a) => a.filename.endsWith('.whl'));
    const artifact = ref && cache.get(ref.sha256);
    if (!artifact) return undefined;
    wheels.push(artifact);
  }
  return wheels;
}

/** The packages one run of a requirement set ended with (requested ones and every dependency pip pulled in). */
export interface ResolvedSet {
  key: string;
  packages: { name: string; version: string; sha256: string }[];
  at: string;
}

/** The requirement set as pip saw it (its lines, order and duplicates aside). */
export function resolutionKey(requirements: readonly GateRequirement[]): string {
  return createHash('sha256').update([...new Set(requirements.map((r) => r.pipLine))].sort().join('\n')).digest('hex');
}

/** Beside the history's index: one JSON line per completed run of a requirement set. */
export function resolutionsFile(history: VerdictHistory): string {
  return path.join(path.dirname(history.file), 'resolutions.jsonl');
}

/** Remembers which packages (and which of their files) a run of this requirement set ended with. */
export function recordResolution(history: VerdictHistory, requirements: readonly GateRequirement[], packages: ResolvedSet['packages']): void {
  const line: ResolvedSet = { key: resolutionKey(requirements), packages, at: new Date().toISOString() };
  fs.mkdirSync(path.dirname(resolutionsFile(history)), { recursive: true });
  // One short line in append mode: written whole, concurrent runs do not interleave.
  fs.appendFileSync(resolutionsFile(history), `${JSON.stringify(line)}\n`, { mode: 0o600 });
}

/** The latest recorded run of this requirement set. */
export function lastResolution(history: VerdictHistory, requirements: readonly GateRequirement[]): ResolvedSet | undefined {
  let text: string;
  try {
    text = fs.readFileSync(resolutionsFile(history), 'utf8');
  } catch {
    return undefined;
  }
  const key = resolutionKey(requirements);
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].includes(key)) continue;
    try {
      const set = JSON.parse(lines[i]) as ResolvedSet;
      if (set.key === key && Array.isArray(set.packages) && set.packages.every((p) => typeof p?.name === 'string' && typeof p.version === 'string' && typeof p.sha256 === 'string')) return set;
    } catch {
      // A torn line: ignored.
    }
  }
  return undefined;
}

export type IndexShortcut = { packages: PackageValidation[]; engine: string } | { fallBack: string };

const VERDICT_RANK = { pass: 0, warn: 1, fail: 2 } as const;

/**
 * Every requirement pinned with `==`: the verdicts, from the history, when the indexes (listed on the
 * host, see indexListing.ts) leave no doubt which files pip would take and every one of them was judged
 * under this ruleset. Dependencies: the last run of the same requirement set says which packages it
 * ended with; each must still be the newest version its locations list (so pip, given the same
 * requirement files' metadata — identical sha256s — resolves to it again), and every pickable file of
 * that version must have a verdict. Several pickable files: the worst verdict is reported. With
 * `oneFile` (install, pin) a package must have exactly one pickable file. Else `fallBack` says why.
 */
export function verdictsFromIndexes(history: VerdictHistory, requirements: readonly GateRequirement[], options: Partial<RequirementOptions>, config: IndexConfig, elapsed: () => number, oneFile: boolean): IndexShortcut {
  if (requirements.some((r) => r.pinnedVersion === undefined || r.localPath || r.hashes.length > 0)) return { fallBack: 'not every requirement is an exact == pin on an index' };
  if (options.noBinary?.length || options.onlyBinary?.length) return { fallBack: '--no-binary/--only-binary change which files pip takes' };
  const set = lastResolution(history, requirements);
  if (!set) return { fallBack: 'this requirement set was not validated before' };
  const byName = new Map(requirements.map((r) => [r.name, r]));
  for (const r of requirements) {
    const done = set.packages.find((p) => p.name === r.name);
    if (!done || !sameVersion(done.version, r.pinnedVersion!)) return { fallBack: `${r.name} was not part of the last run as ${r.pinnedVersion}` };
  }
  const packages: PackageValidation[] = [];
  let engine = 'docker';
  for (const done of set.packages) {
    const listing = listProjectFiles(config, done.name);
    if ('unsupported' in listing) return { fallBack: listing.unsupported };
    const files = pickable(listing.files);
    const requirement = byName.get(done.name);
    if (!requirement) {
      const newest = newestVersion(files);
      if (!newest || !sameVersion(newest, done.version)) return { fallBack: `dependency ${done.name}: the indexes now offer ${newest ?? 'no usable version'}, the last run took ${done.version}` };
    }
    const candidates = files.filter((f) => sameVersion(f.version, done.version));
    if (candidates.length === 0) return { fallBack: `${done.name} ${done.version}: no file listed` };
    if (oneFile && candidates.length > 1) return { fallBack: `${done.name} ${done.version}: ${candidates.length} files pip could take` };
    let chosen: HistoryEntry | undefined;
    for (const file of candidates) {
      const sha256 = listedSha256(file);
      if (!sha256) return { fallBack: `${file.filename}: no sha256 from the index and no local file to hash` };
      const entry = history.lookup({ sha256s: [sha256], rulesetVersion: RULESET_VERSION });
      if (!entry || entry.name !== done.name || !sameVersion(entry.version, done.version)) return { fallBack: `${file.filename} has no verdict under ruleset ${RULESET_VERSION}` };
      const worse = !chosen || VERDICT_RANK[entry.verdict] > VERDICT_RANK[chosen.verdict] || (entry.verdict === chosen.verdict && entry.score < chosen.score);
      if (worse) chosen = entry;
    }
    packages.push(fromHistory(chosen!, requirement?.requested ?? `${done.name}==${chosen!.version}`, elapsed()));
    engine = chosen!.engine;
  }
  return { packages, engine };
}
