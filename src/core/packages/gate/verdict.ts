import type { CachedArtifact } from '../cache/artifactCache';
import type { BehaviorEvent, Reason, Verdict } from '../reasons';
import { scoreReasons } from '../score';
import { findingOf, whyNotRun } from './finding';
import type { ArtifactRef, PackageValidation } from './report';

/** The most a report lists of one package's behaviour trace (a fork bomb records thousands of events). */
const MAX_EVENTS = 200;

const ORDER: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (ORDER[v] > ORDER[worst] ? v : worst), 'pass');
}

export interface PackageFacts {
  name: string;
  version: string;
  requested: string;
  artifacts: CachedArtifact[];
  reasons: Reason[];
  events: BehaviorEvent[];
  timings: PackageValidation['timings'];
}

/** Phase 3: one package's verdict and score from every reason found, duplicates dropped. */
export function judgePackage(facts: PackageFacts): PackageValidation {
  const reasons = uniqueReasons(facts.reasons);
  const { verdict, score } = scoreReasons(reasons);
  const finding = findingOf(reasons);
  const notRunBecause = finding === 'could-not-run' ? whyNotRun(reasons) : undefined;
  return {
    name: facts.name,
    version: facts.version,
    requested: facts.requested,
    verdict,
    score,
    cached: false,
    artifacts: uniqueArtifacts(facts.artifacts),
    reasons,
    finding,
    ...(notRunBecause ? { notRunBecause } : {}),
    behavior: facts.events.slice(0, MAX_EVENTS).map((e) => ({ phase: e.phase, event: e.event, detail: e.detail, ...(e.module ? { module: e.module } : {}) })),
    timings: facts.timings,
  };
}

function uniqueReasons(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.file ?? ''}|${r.line ?? ''}|${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uniqueArtifacts(artifacts: CachedArtifact[]): ArtifactRef[] {
  const seen = new Set<string>();
  const refs: ArtifactRef[] = [];
  for (const a of artifacts) {
    if (seen.has(a.sha256)) continue;
    seen.add(a.sha256);
    refs.push({ filename: a.filename, sha256: a.sha256, size: a.size });
  }
  return refs;
}
