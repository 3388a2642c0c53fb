import type { ProblemSeverity } from './types';

/**
 * Every problem code the requirements parser and diagnostics report. Codes are stable: users
 * search for them and tools filter on them. Never reuse a retired code.
 */
export const REQUIREMENT_PROBLEMS = {
  REQ001: { severity: 'error', title: 'Requirement syntax error (name, extras, URL or path)' },
  REQ002: { severity: 'error', title: 'Invalid version specifier' },
  REQ003: { severity: 'error', title: 'Invalid environment marker' },
  REQ004: { severity: 'error', title: 'Unknown option' },
  REQ005: { severity: 'error', title: 'Option value missing or invalid' },
  REQ006: { severity: 'error', title: 'Included requirements/constraints file not found or unreadable' },
  REQ007: { severity: 'error', title: 'Include cycle between requirements files' },
  REQ008: { severity: 'warning', title: 'Undefined environment variable in ${VAR}' },
  REQ009: { severity: 'warning', title: 'Option has no effect where it is written' },
  REQ010: { severity: 'error', title: 'Invalid --hash value' },
  REQ011: { severity: 'warning', title: 'Duplicate requirement' },
  REQ012: { severity: 'error', title: 'Conflicting version specifiers (no version satisfies all)' },
  REQ013: { severity: 'error', title: 'Requirement breaks hash-checking mode (no --hash, not pinned with ==, or editable)' },
  REQ014: { severity: 'info', title: 'Unpinned requirement' },
  REQ015: { severity: 'warning', title: 'Name suspiciously close to a popular project (typosquatting)' },
  REQ016: { severity: 'error', title: 'Requirement kind not allowed here (editable constraint, hashed editable)' },
} as const satisfies Record<string, { severity: ProblemSeverity; title: string }>;

export type RequirementProblemCode = keyof typeof REQUIREMENT_PROBLEMS;
