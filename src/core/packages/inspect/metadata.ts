import type { DistContents, DistFile } from './archive/distFiles';

/** Core metadata (METADATA / PKG-INFO): the fields inspect looks at. */
export interface CoreMetadata {
  /** Where it was read from, inside the distribution. */
  file: string;
  name: string;
  version: string;
  summary: string;
  /** The long description (the body, or the Description header). */
  description: string;
  homePage: string;
  projectUrls: string[];
  /** Requires-Dist lines as written (`idna<4,>=2.5`, `PySocks>=1.5.6; extra == "socks"`). */
  requiresDist: string[];
}

/** The distribution as laid out: where its metadata and install-time code live. */
export interface DistLayout {
  /** Common leading directory of an sdist or unpacked project (`pkg-1.0/`), '' for wheels. */
  root: string;
  /** `x.dist-info/` for wheels. */
  distInfo?: string;
  metadata?: CoreMetadata;
  /** Wheel tags from WHEEL (`py3-none-any`). */
  wheelTags: string[];
  /** Paths listed in a wheel's RECORD. */
  record?: Set<string>;
  /** Names in top_level.txt. */
  topLevelTxt?: string[];
  setupPy?: DistFile;
}

export function fileText(file: DistFile | undefined): string | undefined {
  return file?.data?.toString('utf8');
}

/** RFC 822-style headers plus body, as in METADATA / PKG-INFO. Repeated headers keep every value. */
export function parseHeaders(text: string): { headers: Map<string, string[]>; body: string } {
  const headers = new Map<string, string[]>();
  const lines = text.split(/\r?\n/);
  let last: string[] | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      i++;
      break;
    }
    if (/^[ \t]/.test(line) && last) {
      last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    last = headers.get(key);
    if (last) last.push(value);
    else headers.set(key, (last = [value]));
  }
  return { headers, body: lines.slice(i).join('\n') };
}

export function parseCoreMetadata(file: string, text: string): CoreMetadata {
  const { headers, body } = parseHeaders(text);
  const first = (key: string) => headers.get(key)?.[0] ?? '';
  const description = body.trim() || first('description');
  const homePage = first('home-page');
  return {
    file,
    name: first('name'),
    version: first('version'),
    summary: first('summary'),
    description: description === 'UNKNOWN' ? '' : description,
    homePage: homePage === 'UNKNOWN' ? '' : homePage,
    projectUrls: headers.get('project-url') ?? [],
    requiresDist: headers.get('requires-dist') ?? [],
  };
}

function commonRoot(files: readonly DistFile[]): string {
  if (files.length === 0) return '';
  const first = files[0].path;
  const slash = first.indexOf('/');
  if (slash < 0) return '';
  const root = first.slice(0, slash + 1);
  return files.every((f) => f.path.startsWith(root)) ? root : '';
}

/** Finds the metadata, RECORD, WHEEL, top_level.txt and setup.py of a distribution. */
export function readLayout(contents: DistContents): DistLayout {
  const byPath = new Map(contents.files.map((f) => [f.path, f]));
  const layout: DistLayout = { root: '', wheelTags: [] };
  if (contents.kind === 'wheel') {
    const distInfos = [...new Set(contents.files.map((f) => /^([^/]+\.dist-info)\//.exec(f.path)?.[1]).filter((d): d is string => !!d))];
    const distInfo = distInfos.find((d) => byPath.has(`${d}/METADATA`)) ?? distInfos[0];
    if (distInfo) {
      layout.distInfo = `${distInfo}/`;
      const metadata = fileText(byPath.get(`${distInfo}/METADATA`));
      if (metadata !== undefined) layout.metadata = parseCoreMetadata(`${distInfo}/METADATA`, metadata);
      const wheel = fileText(byPath.get(`${distInfo}/WHEEL`));
      if (wheel !== undefined) layout.wheelTags = parseHeaders(wheel).headers.get('tag') ?? [];
      const record = fileText(byPath.get(`${distInfo}/RECORD`));
      if (record !== undefined) layout.record = new Set(record.split(/\r?\n/).map(recordPath).filter((p) => p !== ''));
      const topLevel = fileText(byPath.get(`${distInfo}/top_level.txt`));
      if (topLevel !== undefined) layout.topLevelTxt = topLevel.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    }
    return layout;
  }
  layout.root = commonRoot(contents.files);
  const at = (rel: string) => byPath.get(layout.root + rel);
  const pkgInfoFile = at('PKG-INFO') ?? contents.files.find((f) => f.path.startsWith(layout.root) && /^[^/]+\.egg-info\/PKG-INFO$/.test(f.path.slice(layout.root.length)));
  const pkgInfo = fileText(pkgInfoFile);
  if (pkgInfoFile && pkgInfo !== undefined) layout.metadata = parseCoreMetadata(pkgInfoFile.path, pkgInfo);
  layout.setupPy = at('setup.py');
  const topLevelFile = contents.files.find((f) => f.path.startsWith(layout.root) && /^(src\/)?[^/]+\.egg-info\/top_level\.txt$/.test(f.path.slice(layout.root.length)));
  const topLevel = fileText(topLevelFile);
  if (topLevel !== undefined) layout.topLevelTxt = topLevel.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return layout;
}

/** The path column of one RECORD line (CSV; a path containing a comma is quoted). */
function recordPath(line: string): string {
  if (line.startsWith('"')) {
    const end = line.indexOf('",');
    return end > 0 ? line.slice(1, end).replace(/""/g, '"') : '';
  }
  const comma = line.indexOf(',');
  return (comma < 0 ? line : line.slice(0, comma)).trim();
}
