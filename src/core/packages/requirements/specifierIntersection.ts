import { filter, parseSpecifier, validRange } from './pep440';

/**
 * Whether some version satisfies every specifier (`'==1.0'` and `'>=2'` → false).
 *
 * Method: a version set described by PEP 440 clauses only changes membership at the versions the
 * clauses mention. So it is enough to test candidates built from those versions: each version
 * itself, one just above it (`1.4` → `1.4.0.0.1`, which sits between 1.4 and any later release
 * mentioned), one below everything (`0.dev0`) and one above everything (next major). Pre-releases
 * count as candidates so that `>=2.0rc1,<2.0` is satisfiable, as it is with `--pre`.
 * Specifiers that cannot be reasoned about (invalid, or `===` arbitrary equality) count as satisfiable.
 */
export function specifiersIntersect(specifiers: readonly string[]): boolean {
  const written = specifiers.filter((specifier) => specifier.trim().length > 0);
  if (written.length === 0) {
    return true;
  }
  const combined = written.join(',');
  const known = memo.get(combined);
  if (known !== undefined) {
    return known;
  }
  const result = combined.includes('===') || !validRange(combined) || filter(candidateVersions(combined), combined, { prereleases: true }).length > 0;
  // Editors re-diagnose the whole file on every keystroke: remember recent answers (PEP 440 parsing is slow).
  if (memo.size >= MEMO_LIMIT) {
    memo.clear();
  }
  memo.set(combined, result);
  return result;
}

const MEMO_LIMIT = 5000;
const memo = new Map<string, boolean>();

function candidateVersions(specifier: string): string[] {
  const candidates = new Set<string>(['0.dev0', '0']);
  let highestMajor = 0;
  for (const clause of parseSpecifier(specifier)) {
    const version = clause.version;
    if (version === undefined) {
      continue;
    }
    const base = version.replace(/\+.*$/, '');
    candidates.add(version);
    candidates.add(base);
    const release = /^(?:\d+!)?([\d.]+)/.exec(base)?.[1] ?? '0';
    candidates.add(`${release}.0.0.1`);
    candidates.add(`${release}.post1`);
    candidates.add(`${release}.dev0`);
    highestMajor = Math.max(highestMajor, Number(release.split('.')[0]) || 0);
  }
  candidates.add(`${highestMajor + 1}`);
  return [...candidates];
}
