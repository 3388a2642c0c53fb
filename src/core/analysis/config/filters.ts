import * as path from 'node:path';
import { levelRank } from '../types';
import type { Finding } from '../types';
import type { AnalysisConfig } from './analysisConfig';
import { matchesGlob } from './glob';

const BANDIT_RULE = /^B\d/;

/**
 * Whether `ruleId` runs. Like Ruff: the longest `select` prefix matching the ID is
 * weighed against the longest matching `ignore` prefix; the longer wins, `ignore` on a
 * tie (`select = ["B"]`, `ignore = ["B1"]` drops B101; `ignore = ["B"]`, `select = ["B101"]`
 * keeps B101). `ALL` matches every ID with the weakest weight. Bandit's `tests`, when
 * set, further limits Bandit rules (B + digits) to those it lists.
 */
export function isRuleEnabled(config: AnalysisConfig, ruleId: string): boolean {
  const selected = longestMatch(config.select, ruleId);
  const ignored = longestMatch(config.ignore, ruleId);
  if (selected < 0 || ignored >= selected) return false;
  if (config.banditTests && BANDIT_RULE.test(ruleId)) return longestMatch(config.banditTests, ruleId) >= 0;
  return true;
}

/** Length of the longest prefix in `prefixes` that `ruleId` starts with (`ALL` counts 0), or -1. */
function longestMatch(prefixes: readonly string[], ruleId: string): number {
  let best = -1;
  for (const prefix of prefixes) {
    if (prefix === 'ALL') best = Math.max(best, 0);
    else if (ruleId.startsWith(prefix)) best = Math.max(best, prefix.length);
  }
  return best;
}

/** Whether a finding is at or above both the severity and the confidence thresholds. */
export function passesThresholds(config: AnalysisConfig, finding: Pick<Finding, 'severity' | 'confidence'>): boolean {
  return levelRank(finding.severity) >= levelRank(config.severity) && levelRank(finding.confidence) >= levelRank(config.confidence);
}

/**
 * Whether `filePath` (relative to `config.root`, or absolute) is excluded. A pattern
 * without `/` (`build`, `*_pb2.py`) matches any single path segment, file or directory;
 * a pattern with `/` (`src/legacy`, `/build`, `tests/**\/fixtures`) is anchored at the root and
 * matches the path or any directory above it. Backslashes count as `/`.
 */
export function isExcluded(config: AnalysisConfig, filePath: string): boolean {
  const relative = toRelative(config.root, filePath);
  if (relative === undefined) return false;
  const segments = relative.split('/');
  for (const raw of config.exclude) {
    const trimmed = raw.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    const pattern = trimmed.replace(/^\/+/, '');
    if (!pattern) continue;
    if (!trimmed.includes('/')) {
      if (segments.some((segment) => matchesGlob(segment, pattern))) return true;
      continue;
    }
    for (let end = segments.length; end >= 1; end--) {
      if (matchesGlob(segments.slice(0, end).join('/'), pattern)) return true;
    }
  }
  return false;
}

/** `/`-separated path relative to `root`, or undefined when it lies outside it. */
function toRelative(root: string, filePath: string): string | undefined {
  const normalized = filePath.replace(/\\/g, '/');
  let relative = normalized;
  if (path.isAbsolute(filePath) || /^[A-Za-z]:\//.test(normalized)) {
    relative = path.relative(root, filePath).replace(/\\/g, '/');
    if (relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return undefined;
  }
  return relative.replace(/^\.\//, '');
}
