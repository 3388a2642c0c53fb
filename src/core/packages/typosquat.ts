import { distance } from 'fastest-levenshtein';
import { normalizeName } from './names';
import { DISTINCT_LOOKALIKES, POPULAR_PROJECTS } from './popularProjects';
import { PYPI_TOP_PROJECTS, PYPI_TOP_SOURCE } from './popularProjectsPypi';
import { TARGETED_PROJECTS } from './popularProjectsTargeted';

/** The popular project a name imitates, and how it differs, in words. */
export interface TyposquatMatch {
  intended: string;
  how: string;
}

/** Where the download ranking behind the popular names comes from, and when. */
export const POPULARITY_SOURCE = PYPI_TOP_SOURCE;

/** The popular names in the forms the rules look them up in. */
interface PopularNames {
  /** Curated names (famous, or often imitated): every rule applies to them. */
  famous: Set<string>;
  rank: Map<string, number>;
  /** Every popular name, the preferred first: curated ones, then by download rank. */
  list: string[];
  all: Set<string>;
  distinct: Set<string>;
  famousByBareName: Map<string, string>;
}

let popularNames: PopularNames | undefined;

/** Built on first use: a few thousand names normalised and sorted cost more than everything else a CLI command loads. */
function popular(): PopularNames {
  if (popularNames) return popularNames;
  const famous = new Set([...POPULAR_PROJECTS, ...TARGETED_PROJECTS].map(normalizeName));
  const rank = new Map<string, number>();
  for (const name of PYPI_TOP_PROJECTS.map(normalizeName)) {
    if (!rank.has(name)) rank.set(name, rank.size + 1);
  }
  const preference = (name: string) => preferenceIn(famous, rank, name);
  const list = [...new Set([...famous, ...rank.keys()])].sort((a, b) => preference(a) - preference(b));
  const famousByBareName = new Map<string, string>();
  for (const name of list) {
    if (famous.has(name) && !famousByBareName.has(bare(name))) famousByBareName.set(bare(name), name);
  }
  popularNames = { famous, rank, list, all: new Set(list), distinct: new Set(DISTINCT_LOOKALIKES.map(normalizeName)), famousByBareName };
  return popularNames;
}

function preferenceIn(famous: Set<string>, rank: Map<string, number>, name: string): number {
  return (famous.has(name) ? 0 : 1_000_000) + (rank.get(name) ?? 100_000);
}

function preference(name: string): number {
  return preferenceIn(popular().famous, popular().rank, name);
}

/** Whether `name` (any spelling) is one of the popular projects typosquats are compared with. */
export function isPopularProject(name: string): boolean {
  return popular().all.has(normalizeName(name));
}

/** The popular names, curated ones first, then by download rank. */
export function popularProjectNames(): readonly string[] {
  return popular().list;
}

/** Digits and letters people read as the same glyph. */
const LOOKALIKES: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', i: 'l', l: 'i', v: 'u', u: 'v' };
/** One representative per look-alike class, so names differing only in look-alikes share a skeleton. */
const GLYPH_CLASS: Record<string, string> = { '0': 'o', '1': 'l', i: 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', v: 'u' };

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
 * Words attackers add to a famous name to pass for an official companion package (combosquatting:
 * `requests-sdk`, `numpy-lib`, `official-django`). Only curated names are combined this way.
 */
const COMBO_SUFFIXES = ['sdk', 'api', 'dev', 'lib', 'libs', 'official', 'pkg', 'package', 'module', 'py3', 'python', 'python3', 'py'];
const COMBO_PREFIXES = ['python', 'python3', 'py', 'py3', 'official', 'lib'];
/** Frameworks whose extensions are named `<framework>-<word>` (`flask-api`, `pytest-dev`): no combosquat rule for them. */
const PLUGIN_HOSTS = new Set(['flask', 'django', 'pytest', 'sphinx', 'mkdocs', 'jupyterlab', 'pylint', 'flake8', 'tox', 'nox', 'celery', 'sqlalchemy', 'fastapi', 'pyramid', 'scrapy', 'pyinstaller', 'poetry', 'hatch', 'pdm']);
const MIN_COMBO_LENGTH = 4;

/**
 * The popular project `name` is suspiciously close to, or undefined. Popular projects are the curated
 * famous and often-imitated names plus the 5,000 most downloaded (POPULARITY_SOURCE). Names that are
 * popular themselves, spellings that normalise to a popular name (`Python_DateUtil`) and known distinct
 * look-alikes (`pyaml`) are never flagged. Rules, first match wins, against curated names: separators
 * added/removed (`setup-tools`), official-looking affixes (`python-`, `py`, `-python`, `-py`, `python3-`)
 * added, dropped or swapped, words added (`requests-sdk`, `python-numpy-lib`), then spelling: adjacent
 * letters swapped, a letter doubled or undoubled, look-alike characters (`0`/`o`, `3`/`e`, `1`/`l`,
 * `l`/`i`, `v`/`u`), and plain edits — none for names of ≤ 4 letters, 1 up to 11 letters, 2 inside one
 * long word from 12. Against names known only from the ranking, spelling alone and stricter (see
 * describeRankedSpelling). Names differing only in digits (`psycopg`/`psycopg2`, `pyqt5`/`pyqt6`) are
 * distinct projects, not imitations.
 */
export function typosquatTarget(name: string): TyposquatMatch | undefined {
  const normalized = normalizeName(name);
  if (popular().all.has(normalized) || popular().distinct.has(normalized)) {
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
    comboMatch(normalized, consider) ??
    spellingMatch(normalized, consider)
  );
}

function bare(name: string): string {
  return name.replace(/-/g, '');
}

function separatorMatch(name: string, consider: (candidate: string) => boolean): TyposquatMatch | undefined {
  const intended = popular().famousByBareName.get(bare(name));
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
      if (candidate !== name && popular().famous.has(candidate) && consider(candidate)) {
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
    if (name.length >= MIN_AFFIXED_LENGTH + 1 && popular().famous.has(candidate) && consider(candidate)) {
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

/** `requests-sdk`, `python-requests-api`: a curated name with official-sounding words around it. */
function comboMatch(name: string, consider: (candidate: string) => boolean): TyposquatMatch | undefined {
  const words = name.split('-');
  if (words.length < 2) {
    return undefined;
  }
  // Peel affix words from both ends (at most two in all) and look for a curated name in what is left.
  for (let front = 0; front <= 2; front++) {
    for (let back = 0; back + front <= 2 && front + back < words.length; back++) {
      if (front + back === 0) continue;
      const head = words.slice(0, front);
      const tail = words.slice(words.length - back);
      if (!head.every((word) => COMBO_PREFIXES.includes(word)) || !tail.every((word) => COMBO_SUFFIXES.includes(word))) continue;
      const core = words.slice(front, words.length - back).join('-');
      if (core.length >= MIN_COMBO_LENGTH && popular().famous.has(core) && !PLUGIN_HOSTS.has(core) && consider(core)) {
        const added = [...head.map((word) => `'${word}-'`), ...tail.map((word) => `'-${word}'`)];
        return { intended: core, how: `${added.join(' and ')} added to the name` };
      }
    }
  }
  return undefined;
}

/** Edit-distance budget by length: short names only match by swapped, doubled or look-alike letters. */
function allowedDistance(length: number): number {
  if (length <= 4) {
    return 0;
  }
  return length < 12 ? 1 : 2;
}

const MIN_TWO_EDIT_WORD = 6;

/** Two edits only count inside one long word (`azure-comon` → `azure-common`), not by rewriting a short one (`pytest-env`). */
function withinOneLongSegment(name: string, intended: string): boolean {
  const ours = name.split('-');
  const theirs = intended.split('-');
  if (ours.length !== theirs.length) {
    return false;
  }
  const differing = theirs.filter((segment, i) => segment !== ours[i]);
  return differing.length === 1 && differing[0].length >= MIN_TWO_EDIT_WORD;
}

/**
 * Candidate index, built on first use (milliseconds, ~15,000 keys), so that a check looks up about ten
 * keys instead of comparing with thousands of names:
 * - halves: one edit (a letter missing, extra or changed, or doubled) leaves one half of the popular
 *   name intact — its first half at the start of the name, or its second half at the end — so each
 *   popular name is filed under its length with its first half, and with its second half;
 * - look-alike skeleton: names differing only in look-alike characters (`requ3sts`) read the same;
 * - words: a curated name of 12+ letters may differ by two edits inside one word of 6+ letters, the
 *   other words unchanged, so it is filed under its words with that one left out.
 * Adjacent letters swapped across the middle are looked up by swapping them back.
 */
interface CandidateIndex {
  byHalf: Map<string, string[]>;
  bySkeleton: Map<string, string[]>;
  byOtherWords: Map<string, string[]>;
}
let candidateIndex: CandidateIndex | undefined;

function add(map: Map<string, string[]>, key: string, name: string): void {
  const names = map.get(key);
  if (names === undefined) {
    map.set(key, [name]);
  } else if (!names.includes(name)) {
    names.push(name);
  }
}

const firstHalfKey = (length: number, text: string) => `${length}<${text.slice(0, length >> 1)}`;
const secondHalfKey = (length: number, text: string) => `${length}>${text.slice(text.length - (length - (length >> 1)))}`;
const otherWordsKey = (words: string[], at: number) => [...words.slice(0, at), '*', ...words.slice(at + 1)].join('-');

function skeleton(name: string): string {
  let out = '';
  for (const char of name) out += GLYPH_CLASS[char] ?? char;
  return out;
}

function getIndex(): CandidateIndex {
  if (candidateIndex === undefined) {
    const byHalf = new Map<string, string[]>();
    const bySkeleton = new Map<string, string[]>();
    const byOtherWords = new Map<string, string[]>();
    const { list, famous } = popular();
    for (const name of list) {
      add(byHalf, firstHalfKey(name.length, name), name);
      add(byHalf, secondHalfKey(name.length, name), name);
      add(bySkeleton, skeleton(name), name);
      if (famous.has(name) && allowedDistance(name.length) >= 2) {
        const words = name.split('-');
        words.forEach((word, at) => {
          if (word.length >= MIN_TWO_EDIT_WORD) add(byOtherWords, otherWordsKey(words, at), name);
        });
      }
    }
    candidateIndex = { byHalf, bySkeleton, byOtherWords };
  }
  return candidateIndex;
}

/** Popular names that may be within the spelling rules' reach of `name` (a superset: each is checked). */
function spellingCandidates(name: string): Set<string> {
  const { byHalf, bySkeleton, byOtherWords } = getIndex();
  const found = new Set<string>(bySkeleton.get(skeleton(name)) ?? []);
  const collect = (names: string[] | undefined) => names?.forEach((candidate) => found.add(candidate));
  for (let length = Math.max(1, name.length - 1); length <= name.length + 1; length++) {
    collect(byHalf.get(firstHalfKey(length, name)));
    collect(byHalf.get(secondHalfKey(length, name)));
  }
  const middle = name.length >> 1;
  if (middle >= 1) {
    const unswapped = name.slice(0, middle - 1) + name[middle] + name[middle - 1] + name.slice(middle + 1);
    if (popular().all.has(unswapped)) found.add(unswapped);
  }
  if (name.length >= 10) {
    const words = name.split('-');
    words.forEach((word, at) => {
      if (word.length >= MIN_TWO_EDIT_WORD - 2) collect(byOtherWords.get(otherWordsKey(words, at)));
    });
  }
  return found;
}

function spellingMatch(name: string, consider: (candidate: string) => boolean): TyposquatMatch | undefined {
  let best: { intended: string; how: string; rank: number } | undefined;
  const digitless = withoutDigits(name);
  for (const candidate of spellingCandidates(name)) {
    // `psycopg`/`psycopg2`, `pyqt5`/`pyqt6`: version digits name distinct projects, not imitations.
    if (candidate === name || Math.abs(candidate.length - name.length) > 2 || withoutDigits(candidate) === digitless || !consider(candidate)) {
      continue;
    }
    const how = popular().famous.has(candidate) ? describeSpelling(name, candidate) : describeRankedSpelling(name, candidate);
    if (how === undefined) {
      continue;
    }
    const rank = distance(name, candidate);
    if (best === undefined || rank < best.rank || (rank === best.rank && preference(candidate) < preference(best.intended))) {
      best = { intended: candidate, how, rank };
    }
  }
  return best && { intended: best.intended, how: best.how };
}

/**
 * The spelling rules for names known only from the download ranking, stricter because thousands of
 * lesser-known projects legitimately sit one letter from one of them (`pyamg`/`pyaml`, `environ`/`environs`,
 * `types-boto3-ecr`/`types-boto3-ec2`): swapped, doubled or look-alike letters in names of 6+ letters,
 * and one letter missing, extra or changed only inside a word of 6+ letters of a name of 8+ — not at
 * either end of the word, where a letter more or less usually makes another word (`jdatetime`, `whisperx`).
 */
function describeRankedSpelling(name: string, intended: string): string | undefined {
  if (intended.length < 6) {
    return undefined;
  }
  const how = describeSpelling(name, intended);
  if (how === undefined || /swapped|doubled|look-alike/.test(how)) {
    return how;
  }
  if (bare(name) === bare(intended)) {
    return undefined; // separators, which only curated names are checked for
  }
  if (intended.length < 8 || distance(name, intended) !== 1) {
    return undefined;
  }
  // The edit's position in `intended`, and the word of `intended` it falls in.
  const at = firstDifference(name, intended);
  const start = intended.lastIndexOf('-', at - 1) + 1;
  const end = intended.indexOf('-', at) < 0 ? intended.length : intended.indexOf('-', at);
  const interior = at > start && (name.length > intended.length ? at < end : at < end - 1);
  return end - start >= 6 && interior ? how : undefined;
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

/** What the dependency-confusion check looks at: the distribution's name, version and whether its metadata says anything. */
export interface PublishedIdentity {
  name: string;
  version?: string;
  /** True when the metadata has no summary, no description, no home page and no project URLs. */
  metadataEmpty?: boolean;
}

/** Words that mark a name as an organisation's private package (`acme-internal-auth`, `acmecorp-utils`). */
const INTERNAL_WORDS = new Set(['internal', 'intranet', 'inhouse', 'in-house', 'private', 'priv', 'corp', 'corporate', 'proprietary', 'confidential', 'company', 'enterprise', 'intra', 'onprem']);
const COMPANY_SUFFIX = /^[a-z][a-z0-9]{1,}(corp|inc|ltd|llc|gmbh|intl)$/;

/**
 * The shape of a dependency-confusion upload, or undefined: a version of 99 or more in its first
 * number (attackers publish `99.0.0`, `1000.0.0` so pip prefers it to the private index's real
 * release; calendar versions such as `2024.1` and dates such as `20240101` do not count), or a name
 * that reads like an organisation's internal package (`internal`, `corp`, `private`, … or a
 * company-like word such as `acmecorp`) published with empty metadata. Popular projects never match.
 */
export function dependencyConfusionShape(identity: PublishedIdentity): TyposquatMatch | undefined {
  if (popular().all.has(normalizeName(identity.name))) {
    return undefined; // `pywin32 312`: popular projects with long-running version numbers are not uploads to a private name
  }
  const major = /^\s*v?(\d+)/i.exec(identity.version ?? '')?.[1];
  if (major !== undefined) {
    const value = Number(major);
    const calendar = (value >= 1990 && value <= 2100) || (major.length === 8 && value >= 19900101 && value <= 21001231);
    if (value >= 99 && !calendar) {
      return { intended: 'a private package of the same name', how: `version ${identity.version} outbids any real release, the usual move of a dependency-confusion upload` };
    }
  }
  if (identity.metadataEmpty) {
    const words = normalizeName(identity.name).split('-');
    const marker = words.find((word) => INTERNAL_WORDS.has(word) || COMPANY_SUFFIX.test(word));
    if (marker !== undefined) {
      return { intended: 'a private package of the same name', how: `'${marker}' makes the name read like an organisation's internal package, and the metadata is empty` };
    }
  }
  return undefined;
}
