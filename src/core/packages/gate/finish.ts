import type { CachedArtifact } from '../cache/artifactCache';
import { installStep } from './installStep';
import { pinRequirementFiles } from './pinStep';
import type { ProgressClock } from './progress';
import type { ValidationReport } from './report';
import type { ValidateHooks, ValidateRequest } from './request';

/** The gate's last steps on a report, when asked: install exactly the verified wheels, pin the requirements files. */
export async function finish(request: ValidateRequest, hooks: ValidateHooks, report: ValidationReport, wheels: CachedArtifact[] | undefined, clock: ProgressClock): Promise<ValidationReport> {
  if (!request.install && !request.pinHashes) return report;
  const progress = clock.phase('install');
  const allowed = await verdictAllows(report, hooks);
  if (request.install) {
    const outcome = allowed.ok ? await installStep(request, hooks, wheels, progress) : { installed: false, skipped: allowed.why };
    hooks.signal?.throwIfAborted();
    report.installed = outcome.installed;
    if (outcome.target) report.target = outcome.target;
    if (outcome.skipped) {
      report.installSkipped = outcome.skipped;
      progress(outcome.skipped);
    }
  }
  if (request.pinHashes) {
    if (!allowed.ok) progress(`requirements files not pinned: ${allowed.why}`);
    else {
      const pinned = pinRequirementFiles(request.requirementFiles, report.packages);
      progress(`pinned ${pinned.pinned} line(s) with --hash${pinned.added ? `, added ${pinned.added} dependency line(s)` : ''} in ${pinned.files.join(', ') || 'no file (already pinned)'}`);
    }
  }
  return report;
}

/** Pass installs; warn only with the user's consent (asked once); fail never. */
async function verdictAllows(report: ValidationReport, hooks: ValidateHooks): Promise<{ ok: true } | { ok: false; why: string }> {
  if (report.verdict === 'fail') return { ok: false, why: 'the verdict is fail: nothing was installed or pinned' };
  if (report.verdict === 'warn' && !(hooks.confirmWarn && (await hooks.confirmWarn(report)))) return { ok: false, why: 'the verdict is warn and it was not confirmed: nothing was installed or pinned' };
  return { ok: true };
}
