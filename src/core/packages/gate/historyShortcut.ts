import type { ArtifactCache, CachedArtifact } from '../cache/artifactCache';
import { RULESET_VERSION, type HistoryEntry, type VerdictHistory } from './history';
import type { GateRequirement } from './gateRequirement';
import type { PackageValidation } from './report';

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
