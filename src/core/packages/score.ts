import type { Reason, Severity, Verdict } from './reasons';

/** Points one reason takes off the score, by severity. */
export const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = { high: 40, medium: 15, low: 4 };

/** A reason code counts at most this many times: fifty lows of one kind are one finding repeated, not fifty. */
export const MAX_REPEATS_PER_CODE = 3;

/** Score bands of each verdict, so a score alone tells the verdict. */
export const VERDICT_BANDS: Readonly<Record<Verdict, { min: number; max: number }>> = {
  pass: { min: 80, max: 100 },
  warn: { min: 40, max: 79 },
  fail: { min: 0, max: 39 },
};

/**
 * Verdict and 0–100 score (100 = nothing found) from a package's reasons.
 *
 * - verdict: `fail` when any reason is `fatal` or `high`; else `warn` when any is
 *   `medium`; else `pass` (lows only lower the score).
 * - score: 100 − Σ penalty(severity) × min(occurrences of the code, 3), with
 *   penalties high 40, medium 15, low 4; then clamped into the verdict's band
 *   (pass 80–100, warn 40–79, fail 0–39). A fatal reason sets the score to 0.
 */
export function scoreReasons(reasons: readonly Reason[]): { verdict: Verdict; score: number } {
  const verdict = verdictOf(reasons);
  if (reasons.some((r) => r.fatal)) return { verdict, score: 0 };
  const counts = new Map<string, { severity: Severity; count: number }>();
  for (const reason of reasons) {
    const key = `${reason.code}\u0000${reason.severity}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { severity: reason.severity, count: 1 });
  }
  let score = 100;
  for (const { severity, count } of counts.values()) score -= SEVERITY_PENALTY[severity] * Math.min(count, MAX_REPEATS_PER_CODE);
  const band = VERDICT_BANDS[verdict];
  return { verdict, score: Math.min(band.max, Math.max(band.min, score)) };
}

function verdictOf(reasons: readonly Reason[]): Verdict {
  if (reasons.some((r) => r.fatal || r.severity === 'high')) return 'fail';
  if (reasons.some((r) => r.severity === 'medium')) return 'warn';
  return 'pass';
}
