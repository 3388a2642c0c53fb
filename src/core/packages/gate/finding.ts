import type { Reason } from '../reasons';

/**
 * What a verdict rests on, for a person deciding what to do:
 * - `dangerous`: a high or fatal reason from the package's files or behaviour (not from the gate failing to run it);
 * - `could-not-run`: it could not be built, installed or imported here, and nothing dangerous was seen in what was read;
 * - `suspicious`: only medium reasons;
 * - `nothing-found`: only low reasons, or none.
 */
export type Finding = 'dangerous' | 'could-not-run' | 'suspicious' | 'nothing-found';

/** Reasons that say the gate could not run the package, not what the package does. */
const COULD_NOT_RUN = new Set(['SPK310', 'SPK400', 'SPK402', 'SPK403', 'SPK404', 'SPK408', 'SPK410', 'SPK412']);

export function findingOf(reasons: readonly Reason[]): Finding {
  const own = reasons.filter((r) => !COULD_NOT_RUN.has(r.code));
  if (own.some((r) => r.fatal || r.severity === 'high')) return 'dangerous';
  if (reasons.some((r) => COULD_NOT_RUN.has(r.code) && (r.fatal || r.severity === 'high'))) return 'could-not-run';
  if (reasons.some((r) => r.severity === 'medium')) return 'suspicious';
  return 'nothing-found';
}

const WHY_NOT_RUN: Array<[RegExp, string]> = [
  [/\b(winreg|_winreg|msvcrt|_winapi|win32api|win32con|pywintypes|windll|wintypes|WinDLL)\b|Windows/, 'Windows-only code'],
  [/Multiple \.dist-info|metadata-generation-failed|inconsistent (name|version)|invalid metadata|METADATA/i, 'broken or inconsistent metadata'],
  [/BackendUnavailable|build dependencies|No matching distribution found for (setuptools|wheel|hatchling|flit|poetry|pdm|scikit|meson|cython)/i, 'a build dependency is missing'],
  [/No module named|ModuleNotFoundError|ImportError/, 'a module it needs is missing'],
  [/satisfies the requirement \S+ \(from [^)]+\)/i, 'a dependency it declares is not on the index'],
  [/No matching distribution|Could not find a version/i, 'no matching file on the index'],
];

/** In a few words, why the package could not be run here (from its could-not-run reasons), or undefined. */
export function whyNotRun(reasons: readonly Reason[]): string | undefined {
  const text = reasons
    .filter((r) => COULD_NOT_RUN.has(r.code))
    .map((r) => `${r.message} ${r.evidence ?? ''}`)
    .join('\n');
  if (!text) return undefined;
  return WHY_NOT_RUN.find(([pattern]) => pattern.test(text))?.[1] ?? 'it failed to build, install or import here';
}

/** One line for people: what the verdict rests on. */
export function findingText(finding: Finding | undefined, notRunBecause?: string): string {
  switch (finding) {
    case 'dangerous':
      return 'malicious or dangerous code or behaviour found';
    case 'could-not-run':
      return `could not be built, installed or imported here${notRunBecause ? ` (${notRunBecause})` : ''}; nothing dangerous found in what was read`;
    case 'suspicious':
      return 'suspicious, nothing clearly dangerous';
    case 'nothing-found':
      return 'nothing found';
    default:
      return '';
  }
}
