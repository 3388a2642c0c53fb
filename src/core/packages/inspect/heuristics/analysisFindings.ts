import type { Finding } from '../../../analysis/types';
import type { Reason, Severity } from '../../reasons';
import { makeReason } from '../reasonCatalog';
import type { FileRole } from './heuristic';

/** Rules the inspect heuristics already cover with a sharper reason (B613 bidi → SPK190). */
const COVERED = new Set(['B613']);

/**
 * The engine's Bandit-compatible findings as reasons. Only high-severity, high-confidence findings
 * in install-time code are `high` (fail); in install-time code the rest keep their severity capped
 * at medium; in package code every finding is `low` (it lowers the score, never the verdict),
 * because ordinary libraries are full of subprocess calls and md5 that are fine.
 */
export function analysisFindingReasons(file: string, findings: readonly Finding[], role: FileRole): Reason[] {
  const reasons: Reason[] = [];
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (COVERED.has(finding.ruleId)) continue;
    if (role.installTime) {
      const severity: Severity = finding.severity === 'high' && finding.confidence === 'high' ? 'high' : finding.severity === 'low' ? 'low' : 'medium';
      reasons.push(makeReason('installTimeFinding', `${file}:${finding.line} (runs at install time): ${finding.ruleId} ${finding.message} Install-time code runs with your rights during pip install, before anyone reviews it; read this line before installing.`, { file, line: finding.line, evidence: `${finding.ruleId} ${finding.name}`, severity }));
      continue;
    }
    if (finding.severity === 'low' || finding.confidence === 'low') continue;
    const list = byRule.get(finding.ruleId);
    if (list) list.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  // In package code, one reason per rule and file: the count matters more than every line.
  for (const [ruleId, list] of byRule) {
    const first = list[0];
    const more = list.length > 1 ? ` (${list.length} places in this file)` : '';
    reasons.push(makeReason('codeFinding', `${file}:${first.line}: ${ruleId} ${first.message}${more}. Common in ordinary libraries, so it only lowers the score; look at it if the package will handle untrusted input.`, { file, line: first.line, evidence: `${ruleId} ${first.name}; lines ${list.slice(0, 5).map((f) => f.line).join(', ')}${list.length > 5 ? ', …' : ''}` }));
  }
  return reasons;
}
