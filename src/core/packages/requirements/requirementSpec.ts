import { fileURLToPath } from 'node:url';
import { validRange } from './pep440';
import { isValidProjectName, normalizeName } from '../names';
import { parseMarker } from './markers';

/** A problem inside a requirement's text: offsets are relative to that text. */
export interface SpecProblem {
  code: 'REQ001' | 'REQ002' | 'REQ003';
  message: string;
  offset: number;
  length: number;
}

/** The parts of one requirement (`name[extras] specifier ; marker`, `name @ url`, a URL or a local path). */
export interface RequirementSpec {
  name: string;
  displayName: string;
  extras: string[];
  specifier: string;
  /** Offsets of the specifier as written (for precise diagnostics); undefined when there is none. */
  specifierSpan?: { offset: number; length: number };
  marker?: string;
  url?: string;
  path?: string;
  problems: SpecProblem[];
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const DIRECT_REFERENCE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*@/;
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|tar\.lz|tlz)$/i;
const WHEEL_OR_SDIST_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-\d/;

/** Parses a requirement as pip does: PEP 508 for names, pip's own rules for URLs and paths. */
export function parseRequirementSpec(text: string): RequirementSpec {
  if (DIRECT_REFERENCE.test(text)) {
    return parsePep508(text);
  }
  if (URL_SCHEME.test(text) || /^file:/i.test(text)) {
    return parseUrlRequirement(text);
  }
  if (looksLikePath(text)) {
    return parsePathRequirement(text);
  }
  return parsePep508(text);
}

/** Parses the argument of `-e`/`--editable`: a local directory (with optional extras) or a VCS URL. */
export function parseEditableSpec(text: string): RequirementSpec {
  if (URL_SCHEME.test(text) || /^file:/i.test(text)) {
    return parseUrlRequirement(text);
  }
  return parsePathRequirement(text);
}

function looksLikePath(text: string): boolean {
  const beforeMarker = text.split(';')[0].trim();
  return beforeMarker.startsWith('.') || /[\\/]/.test(beforeMarker) || ARCHIVE.test(beforeMarker.replace(/\[[^\]]*\]$/, ''));
}

function emptySpec(displayName: string): RequirementSpec {
  return { name: '', displayName, extras: [], specifier: '', problems: [] };
}

function parseUrlRequirement(text: string): RequirementSpec {
  // pip separates a URL's marker with "; " because a bare ';' may belong to the URL.
  const markerAt = text.indexOf('; ');
  const url = (markerAt >= 0 ? text.slice(0, markerAt) : text).trim();
  const spec = emptySpec(url);
  spec.url = url;
  if (/^file:/i.test(url)) {
    try {
      spec.path = fileURLToPath(url.replace(/#.*$/, ''));
    } catch {
      spec.problems.push({ code: 'REQ001', message: `'${url}' is not a valid file: URL; write file:///absolute/path or a relative path like ./pkg`, offset: 0, length: url.length });
    }
  }
  const named = nameFromUrl(url);
  if (named) {
    spec.displayName = named;
    spec.name = normalizeName(named);
  }
  if (markerAt >= 0) {
    addMarker(spec, text, markerAt + 1);
  }
  return spec;
}

function parsePathRequirement(text: string): RequirementSpec {
  const markerAt = text.indexOf(';');
  let path = (markerAt >= 0 ? text.slice(0, markerAt) : text).trim();
  const spec = emptySpec(path);
  const extras = /^(.+)\[([^\]]*)\]$/.exec(path);
  if (extras) {
    path = extras[1];
    spec.displayName = path;
    parseExtras(spec, extras[2], text.indexOf('[') + 1);
  }
  spec.path = path;
  const fileName = path.split(/[\\/]/).pop() ?? '';
  const named = ARCHIVE.test(fileName) ? WHEEL_OR_SDIST_NAME.exec(fileName)?.[1] : undefined;
  if (named) {
    spec.name = normalizeName(named);
  }
  if (markerAt >= 0) {
    addMarker(spec, text, markerAt + 1);
  }
  return spec;
}

/** The project name a URL names: `#egg=name` (VCS), or a wheel/sdist file name. */
function nameFromUrl(url: string): string | undefined {
  const egg = /[#&]egg=([^&]+)/.exec(url)?.[1];
  if (egg) {
    return egg.replace(/\[.*$/, '');
  }
  const fileName = url.replace(/[#?].*$/, '').split('/').pop() ?? '';
  return ARCHIVE.test(fileName) ? WHEEL_OR_SDIST_NAME.exec(fileName)?.[1] : undefined;
}

function parsePep508(text: string): RequirementSpec {
  const nameMatch = NAME.exec(text);
  if (!nameMatch) {
    const spec = emptySpec(text);
    spec.problems.push({
      code: 'REQ001',
      message: `'${text}' does not start with a project name: a requirement is 'name', 'name==1.0', 'name[extra]>=1 ; marker', 'name @ URL' or a path like ./pkg`,
      offset: 0,
      length: text.length,
    });
    return spec;
  }
  const displayName = nameMatch[0];
  const spec = emptySpec(displayName);
  spec.name = normalizeName(displayName);
  let position = skipSpace(text, displayName.length);
  if (text[position] === '[') {
    const close = text.indexOf(']', position);
    if (close < 0) {
      spec.problems.push({ code: 'REQ001', message: `the extras list starting here is never closed: add ']'`, offset: position, length: text.length - position });
      return spec;
    }
    parseExtras(spec, text.slice(position + 1, close), position + 1);
    position = skipSpace(text, close + 1);
  }
  if (text[position] === '@') {
    return parseDirectReference(spec, text, position + 1);
  }
  const markerAt = text.indexOf(';', position);
  const specEnd = markerAt >= 0 ? markerAt : text.length;
  parseSpecifier(spec, text.slice(position, specEnd), position);
  if (markerAt >= 0) {
    addMarker(spec, text, markerAt + 1);
  }
  return spec;
}

function parseDirectReference(spec: RequirementSpec, text: string, from: number): RequirementSpec {
  const start = skipSpace(text, from);
  // The URL ends at whitespace or ';' (as packaging: `name @ url;marker` has a marker).
  const url = /^[^\s;]*/.exec(text.slice(start))?.[0] ?? '';
  if (url.length === 0 || !(URL_SCHEME.test(url) || /^file:/i.test(url))) {
    spec.problems.push({
      code: 'REQ001',
      message: `'${spec.displayName} @' must be followed by a URL (https://…, git+https://…, file:///…); for a local directory write the path alone (./pkg)`,
      offset: start,
      length: Math.max(1, url.length),
    });
    return spec;
  }
  spec.url = url;
  if (/^file:/i.test(url)) {
    try {
      spec.path = fileURLToPath(url.replace(/#.*$/, ''));
    } catch {
      spec.problems.push({ code: 'REQ001', message: `'${url}' is not a valid file: URL; write file:///absolute/path`, offset: start, length: url.length });
    }
  }
  const after = skipSpace(text, start + url.length);
  if (after < text.length) {
    if (text[after] === ';') {
      addMarker(spec, text, after + 1);
    } else {
      spec.problems.push({ code: 'REQ001', message: `unexpected '${text.slice(after)}' after the URL: only '; marker' may follow it`, offset: after, length: text.length - after });
    }
  }
  return spec;
}

function parseExtras(spec: RequirementSpec, list: string, offset: number): void {
  let cursor = 0;
  for (const raw of list.split(',')) {
    const extra = raw.trim();
    const at = offset + cursor + raw.indexOf(extra);
    cursor += raw.length + 1;
    if (extra.length === 0 && list.trim().length === 0) {
      continue;
    }
    if (!isValidProjectName(extra)) {
      spec.problems.push({ code: 'REQ001', message: `'${extra}' is not a valid extra name: use letters, digits, '-', '_' or '.', separated by commas`, offset: at, length: Math.max(1, extra.length) });
      continue;
    }
    spec.extras.push(normalizeName(extra));
  }
}

function parseSpecifier(spec: RequirementSpec, written: string, offset: number): void {
  let text = written;
  let start = offset;
  const trimmedStart = text.length - text.trimStart().length;
  start += trimmedStart;
  text = text.trim();
  if (text.startsWith('(') && text.endsWith(')')) {
    start += 1;
    text = text.slice(1, -1);
  }
  if (text.trim().length === 0) {
    return;
  }
  spec.specifierSpan = { offset: start, length: text.length };
  spec.specifier = text.replace(/\s+/g, '');
  let cursor = 0;
  for (const raw of text.split(',')) {
    const clause = raw.trim();
    const at = start + cursor + Math.max(0, raw.indexOf(clause));
    cursor += raw.length + 1;
    if (clause.length === 0 || !validRange(clause.replace(/\s+/g, ''))) {
      spec.problems.push({ code: 'REQ002', message: specifierMessage(spec.displayName, clause), offset: at, length: Math.max(1, clause.length) });
    }
  }
}

function specifierMessage(name: string, clause: string): string {
  if (clause.length === 0) {
    return `empty version clause in the specifier of '${name}': remove the extra ','`;
  }
  if (/^[0-9]/.test(clause)) {
    return `'${clause}' has no comparison operator: write '${name}==${clause}' (or >=, <=, ~=, !=)`;
  }
  if (/^=[^=]/.test(clause)) {
    return `'${clause}' uses '=': write '=${clause}' for an exact version`;
  }
  if (/^(>=|<=|>|<|~=)\s*\S*\.\*$/.test(clause)) {
    return `'${clause}': a '.*' wildcard is only allowed with == and !=; write e.g. '==${clause.replace(/^[<>=~!]+\s*/, '')}'`;
  }
  if (/^~=\s*\d+$/.test(clause)) {
    return `'${clause}': ~= needs at least two version parts, e.g. '${clause}.0'`;
  }
  return `'${clause}' is not a valid PEP 440 version specifier: use an operator (==, !=, <=, >=, <, >, ~=, ===) followed by a version like 1.2 or 1.2.*`;
}

function addMarker(spec: RequirementSpec, text: string, from: number): void {
  const raw = text.slice(from);
  const marker = raw.trim();
  const markerStart = from + (raw.length - raw.trimStart().length);
  if (marker.length === 0) {
    spec.problems.push({ code: 'REQ003', message: `';' is not followed by an environment marker: remove it or write one, e.g. ; python_version >= "3.9"`, offset: from - 1, length: 1 });
    return;
  }
  spec.marker = marker;
  const parsed = parseMarker(marker);
  if (!parsed.ok) {
    spec.problems.push({ code: 'REQ003', message: `invalid environment marker: ${parsed.message}`, offset: markerStart + parsed.offset, length: parsed.length });
  }
}

function skipSpace(text: string, from: number): number {
  let position = from;
  while (position < text.length && /\s/.test(text[position])) {
    position++;
  }
  return position;
}
