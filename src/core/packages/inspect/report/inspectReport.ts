import type { Severity, Verdict } from '../../reasons';
import type { InspectedPackage } from '../inspectPath';

/** `snakepit inspect --format json`, version 1 (documented in README; change only by adding fields). */
export interface InspectReport {
  version: 1;
  packages: InspectReportPackage[];
}

export interface InspectReportPackage {
  path: string;
  name: string;
  version: string;
  verdict: Verdict;
  score: number;
  reasons: InspectReportReason[];
}

/** Every key is always present; `file`, `line` and `evidence` are null when they do not apply. */
export interface InspectReportReason {
  code: string;
  severity: Severity;
  message: string;
  file: string | null;
  line: number | null;
  evidence: string | null;
}

export function toInspectReport(packages: readonly InspectedPackage[]): InspectReport {
  return {
    version: 1,
    packages: packages.map((p) => ({
      path: p.path,
      name: p.name,
      version: p.version,
      verdict: p.verdict,
      score: p.score,
      reasons: p.reasons.map((r) => ({
        code: r.code,
        severity: r.severity,
        message: r.message,
        file: r.file ?? null,
        line: r.line ?? null,
        evidence: r.evidence ?? null,
      })),
    })),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Human-readable report: one heading per package, its reasons worst first. */
export function inspectReportText(packages: readonly InspectedPackage[]): string {
  const lines: string[] = [];
  for (const p of packages) {
    lines.push(`${p.verdict.toUpperCase()}  ${p.name} ${p.version}  score ${p.score}/100  (${p.path})`);
    lines.push(`      ${p.files} files, ${p.pythonFiles} Python files, ${p.lines} lines; modules: ${p.topLevelModules.join(', ') || '(none)'}`);
    const sorted = [...p.reasons].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code));
    for (const r of sorted) {
      const where = r.file ? ` ${r.file}${r.line ? `:${r.line}` : ''}` : '';
      lines.push(`  ${r.code} ${r.severity.padEnd(6)}${where}`);
      lines.push(`      ${r.message}`);
      if (r.evidence) lines.push(`      evidence: ${r.evidence}`);
    }
    lines.push('');
  }
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const p of packages) counts[p.verdict]++;
  lines.push(`${packages.length} package(s): ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`);
  return `${lines.join('\n')}\n`;
}
