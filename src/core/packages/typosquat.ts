import { distance } from 'fastest-levenshtein';
import { normalizeName } from './names';
import { DISTINCT_LOOKALIKES, POPULAR_PROJECTS } from './popularProjects';

/** The popular project a name imitates, and how it differs, in words. */
export interface TyposquatMatch {
  intended: string;
  how: string;
}

const POPULAR = new Set(POPULAR_PROJECTS.map(normalizeName));
const DISTINCT = new Set(DISTINCT_LOOKALIKES.map(normalizeName));
const POPULAR_LIST = [...POPULAR];
const POPULAR_WITHOUT_DIGITS = new Map(POPULAR_LIST.map((name) => [name, withoutDigits(name)]));
const POPULAR_BY_BARE_NAME = new Map(POPULAR_LIST.map((name) => [bare(name), name]));

/** Digits and letters people read as the same glyph. */
const LOOKALIKES: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', i: 'l', l: 'i', v: 'u', u: 'v' };

/** Prefixes and suffixes that make a name look official; the bare name after them must be this long to count. */
const AFFIXES = [
  { text: 'python3-', where: 'prefix' },
  { text: 'python-', where: 'prefix' },
  { text: 'py-', where: 'prefix' },
  { text: 'py', where: 'prefix' },
  { text: '-python3', where: 'suffix' },
  { text: '-python', where: 'suffix' },
  { text: '-py', where: 'suffix' },
] as const;
const MIN_AFFIXED_LENGTH = 4;

/**
 * The popular project `name` is suspiciously close to, or undefined. Names that are popular themselves,
 * spellings that normalise to a popular name (`Python_DateUtil`) and known distinct look-alikes
 * (`pyaml`) are never flagged. Rules, first match wins: separators added/removed (`setup-tools`),
 * official-looking affixes (`python-`, `py`, `-python`, `-py`, `python3-`) added, dropped or swapped,
 * then spelling: adjacent letters swapped, a letter doubled or undoubled, look-alike characters
 * (`0`/`o`, `3`/`e`, `1`/`l`, `l`/`i`, `v`/`u`), and plain edits — none for names of ≤ 4 letters,
 * 1 up to 11 letters, 2 inside one long word from 12. Names differing only in digits
 * (`psycopg`/`psycopg2`, `pyqt5`/`pyqt6`) are distinct projects, not imitations.
 */
export function typosquatTarget(name: string): TyposquatMatch | undefined {
  const normalized = normalizeName(name);
  if (POPULAR.has(normalized) || DISTINCT.has(normalized)) {
    return undefined;
  }
  if (!memo.has(normalized)) {
    // Editors re-check every line on each keystroke: remember recent names.
    if (memo.size >= MEMO_LIMIT) {
      memo.clear();
    }
    memo.set(normalized, closestPopularProject(normalized, (candidate) => candidate !== normalized));
  }
  return memo.get(normalized);
}

const MEMO_LIMIT = 5000;
const memo = new Map<string, TyposquatMatch | undefined>();

/**
 * The match rules without the "popular names are fine" shortcut; `consider` filters the candidates.
 * Exported so tests can measure how many popular projects look like each other.
 */
export function closestPopularProject(normalized: string, consider: (candidate: string) => boolean = () => true): TyposquatMatch | undefined {
  return (
    separatorMatch(normalized, consider) ??
    affixMatch(normalized, consider) ??
    spellingMatch(normalized, consider)
  );
}

function bare(name: string): string {
  return name.replace(/-/g, '');
}

function separatorMatch(name: string, consider: (candidate: string) => boolean): TyposquatMatch | undefined {
  const intended = POPULAR_BY_BARE_NAME.get(bare(name));
  if (intended === undefined || intended === name || !consider(intended)) {
    return undefined;
  }
  const how = name.split('-').length > intended.split('-').length ? 'separator added' : 'separator removed';
  return { intended, how: `${how} ('${name}' vs '${intended}')` };
}

function affixMatch(name: string, consider: (candidate: string) => boolean): TyposquatMatch | undefined {
  for (const affix of AFFIXES) {
    const stripped = stripAffix(name, affix.text, affix.where);
    if (stripped === undefined || stripped.length < MIN_AFFIXED_LENGTH) {
      continue;
    }
    // `python-openssl` for `pyopenssl`, `python3-dateutil` for `python-dateutil`, `nmap-python` for `python-nmap`.
    for (const candidate of [stripped, `py${stripped}`, `python-${stripped}`, `${stripped}-python`, `${stripped}-py`]) {
      if (candidate !== name && POPULAR.has(candidate) && consider(candidate)) {
        return { intended: candidate, how: describeAffix(name, candidate, affix.text, affix.where) };
      }
    }
  }
  // The reverse: an official-looking affix dropped (`dateutil` for `python-dateutil`).
  for (const affix of AFFIXES) {
    if (affix.text === 'py' || affix.text === 'py-') {
      continue;
    }
    const candidate = affix.where === 'prefix' ? `${affix.text}${name}` : `${name}${affix.text}`;
    if (name.length >= MIN_AFFIXED_LENGTH + 1 && POPULAR.has(candidate) && consider(candidate)) {
      return { intended: candidate, how: `'${affix.text}' ${affix.where} dropped` };
    }
  }
  return undefined;
}

function stripAffix(name: string, affix: string, where: 'prefix' | 'suffix'): string | undefined {
  if (where === 'prefix') {
    return name.startsWith(affix) ? name.slice(affix.length) : undefined;
  }
  return name.endsWith(affix) ? name.slice(0, -affix.length) : undefined;
}

function describeAffix(name: string, intended: string, affix: string, where: 'prefix' | 'suffix'): string {
  const theirs = AFFIXES.find((other) => stripAffix(intended, other.text, other.where) !== undefined && name.replace(affix, '') === intended.replace(other.text, ''));
  if (theirs !== undefined) {
    return `'${affix}' ${where} instead of '${theirs.text}' ${theirs.where}`;
  }
  return `'${affix}' ${where} added`;
}

/** Edit-distance budget by length: short names only match by swapped, doubled or look-alike letters. */
function allowedDistance(length: number): number {
  if (length <= 4) {
    return 0;
  }
  return length < 12 ? 1 : 2;
}

/** Two edits only count inside one long word (`azure-comon` → `azure-common`), not by rewriting a short one (`pytest-env`). */
function withinOneLongSegment(name: string, intended: string): boolean {
  const ours = name.split('-');
  const theirs = intended.split('-');
  if (ours.length !== theirs.length) {
    return false;
  }
  const differing = theirs.filter((segment, i) => segment !== ours[i]);
  return differing.length === 1 && differing[0].length >= 6;
}

function spellingMatch(name: string, consider: (candidate: string) => boolean): TyposquatMatch | undefined {
  let best: { intended: string; how: string; rank: number } | undefined;
  const digitless = withoutDigits(name);
  for (const candidate of POPULAR_LIST) {
    // `psycopg`/`psycopg2`, `pyqt5`/`pyqt6`: version digits name distinct projects, not imitations.
    if (candidate === name || Math.abs(candidate.length - name.length) > 2 || POPULAR_WITHOUT_DIGITS.get(candidate) === digitless || !consider(candidate)) {
      continue;
    }
    const how = describeSpelling(name, candidate);
    if (how === undefined) {
      continue;
    }
    const rank = distance(name, candidate);
    if (best === undefined || rank < best.rank) {
      best = { intended: candidate, how, rank };
    }
  }
  return best && { intended: best.intended, how: best.how };
}

function withoutDigits(name: string): string {
  return name.replace(/[0-9]/g, '');
}

/** Why `name` reads like `intended`, or undefined when it is not close enough for the length. */
function describeSpelling(name: string, intended: string): string | undefined {
  if (name.length === intended.length) {
    const diffs = differingPositions(name, intended);
    if (diffs.length === 2 && diffs[1] === diffs[0] + 1 && name[diffs[0]] === intended[diffs[1]] && name[diffs[1]] === intended[diffs[0]]) {
      return intended.length >= 4 ? `two adjacent letters swapped ('${name.slice(diffs[0], diffs[0] + 2)}' for '${intended.slice(diffs[0], diffs[0] + 2)}')` : undefined;
    }
    if (diffs.length >= 1 && diffs.length <= 2 && diffs.every((i) => LOOKALIKES[name[i]] === intended[i]) && intended.length >= 4) {
      return diffs.map((i) => `'${name[i]}' in place of look-alike '${intended[i]}'`).join(', ');
    }
  }
  if (name.length === intended.length + 1 && intended.length >= 4) {
    const at = firstDifference(name, intended);
    if (name.slice(0, at) + name.slice(at + 1) === intended && (name[at] === name[at - 1] || name[at] === name[at + 1])) {
      return `letter '${name[at]}' doubled`;
    }
  }
  if (name.length + 1 === intended.length && intended.length >= 4) {
    const at = firstDifference(name, intended);
    if (intended.slice(0, at) + intended.slice(at + 1) === name && (intended[at] === intended[at - 1] || intended[at] === intended[at + 1])) {
      return `doubled letter '${intended[at]}' written once`;
    }
  }
  const edits = distance(name, intended);
  if (edits === 0 || edits > allowedDistance(intended.length) || (edits === 2 && !withinOneLongSegment(name, intended))) {
    return undefined;
  }
  return describeEdit(name, intended, edits);
}

function describeEdit(name: string, intended: string, edits: number): string {
  if (edits > 1) {
    return `${edits} letters different`;
  }
  const at = firstDifference(name, intended);
  if (name.length === intended.length) {
    return `one letter changed ('${name[at]}' instead of '${intended[at]}')`;
  }
  if (name.length > intended.length) {
    return `extra letter '${name[at]}'`;
  }
  return `letter '${intended[at]}' missing`;
}

function differingPositions(a: string, b: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      positions.push(i);
    }
  }
  return positions;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    i++;
  }
  return i;
}
