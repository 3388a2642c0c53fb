import type { PackageValidation } from '../../core/packages/gate/report';
import type { Reason, Severity } from '../../core/packages/reasons';

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** Reasons most worth reading first: fatal ones, then by severity. */
export function topReasons(pkg: PackageValidation, count: number): Reason[] {
  return [...pkg.reasons]
    .sort((a, b) => Number(b.fatal ?? false) - Number(a.fatal ?? false) || RANK[b.severity] - RANK[a.severity])
    .slice(0, count);
}

export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** `file:line` of a reason, or '' when it points nowhere. */
export function reasonWhere(reason: Reason): string {
  if (!reason.file) return '';
  return reason.line ? `${reason.file}:${reason.line}` : reason.file;
}

/** `✓ validated 2 min ago` / `⚠ warn: …` / `✗ failed: network at import`. */
export function verdictHeadline(pkg: PackageValidation, when: string, max = 60): string {
  const top = topReasons(pkg, 1)[0];
  if (pkg.verdict === 'pass') return `✓ validated ${when}`;
  const why = top ? shorten(top.message, max) : `score ${pkg.score}`;
  return pkg.verdict === 'warn' ? `⚠ warn: ${why}` : `✗ failed: ${why}`;
}
