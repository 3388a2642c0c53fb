import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ValidateRequest } from '../gate/request';
import { normalizeName } from '../names';
import { compare, valid } from '../requirements/pep440';
import type { RequirementOptions } from '../requirements/types';
import { parseDistFilename } from './distFilename';
import { DEFAULT_INDEX_URL, localPath } from './indexAccess';
import type { IndexConfig } from './pipConfig';

/**
 * What the configured indexes offer for one project, learnt on the host WITHOUT pip and without a
 * sandbox: find-links directories are listed (files hashed here, read-only) and `file://` simple
 * indexes (PEP 503) are read from disk, their sha256 taken from the links' own `#sha256=` fragments.
 * No package code runs; nothing is unpacked.
 */
export interface ListedFile {
  filename: string;
  /** PEP 503 normalised. */
  name: string;
  version: string;
  kind: 'wheel' | 'sdist';
  /** From the index's `#sha256=` fragment; else computed from `path` by {@link listedSha256}. */
  sha256?: string;
  /** The local file (find-links directories, or a simple index's link to a local file). */
  path?: string;
  /** Where it was listed. */
  source: string;
}

export type Listing = { files: ListedFile[] } | { unsupported: string };

/**
 * Every file of `name` across the configured locations; `unsupported` when one location cannot be read
 * this way (an http(s) index or find-links page, pip's default index, a find-links file), so the caller
 * must fall back to pip.
 */
export function listProjectFiles(config: IndexConfig, name: string): Listing {
  const project = normalizeName(name);
  const files: ListedFile[] = [];
  const indexes = config.noIndex ? [] : [config.indexUrl ?? DEFAULT_INDEX_URL, ...config.extraIndexUrls];
  for (const url of indexes) {
    const dir = localPath(url);
    if (dir === undefined || !/^file:/i.test(url)) return { unsupported: `index ${url} is not a file:// simple index` };
    if (!isDirectory(dir)) return { unsupported: `index ${url} is not a readable directory` };
    const page = path.join(dir, project, 'index.html');
    let html: string;
    try {
      html = fs.readFileSync(page, 'utf8');
    } catch (error) {
      // No page for the project: this index does not have it (pip gets a 404).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return { unsupported: `${page} cannot be read: ${(error as Error).message}` };
    }
    const listed = parseSimplePage(html, pathToFileURL(path.join(dir, project) + '/').href, url);
    if ('unsupported' in listed) return listed;
    files.push(...listed.files.filter((f) => f.name === project));
  }
  for (const links of config.findLinks) {
    const dir = localPath(links);
    if (dir === undefined) return { unsupported: `find-links ${links} is remote` };
    if (!fs.existsSync(dir)) continue; // pip skips a missing location
    if (!isDirectory(dir)) return { unsupported: `find-links ${links} is a file, not a directory` };
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const parsed = parseDistFilename(entry.name);
      if (parsed && parsed.name === project) files.push({ filename: entry.name, ...parsed, path: path.join(dir, entry.name), source: links });
    }
  }
  return { files };
}

/** The `<a href>` links of a PEP 503 project page (relative links resolved against `pageUrl`). */
export function parseSimplePage(html: string, pageUrl: string, source: string): { files: ListedFile[] } {
  const files: ListedFile[] = [];
  for (const match of html.matchAll(/<a\s[^>]*?href\s*=\s*("([^"]*)"|'([^']*)')[^>]*>/gi)) {
    const href = decodeEntities(match[2] ?? match[3] ?? '');
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      continue;
    }
    const filename = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const parsed = parseDistFilename(filename);
    if (!parsed) continue;
    const fragment = /^#sha256=([0-9a-f]{64})$/i.exec(url.hash);
    const file: ListedFile = { filename, ...parsed, source };
    if (fragment) file.sha256 = fragment[1].toLowerCase();
    if (url.protocol === 'file:') file.path = fileURLToPath(new URL(url.pathname, url));
    files.push(file);
  }
  return { files };
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e] ?? _);
}

/**
 * The file's sha256 as the index states it (`#sha256=` fragment), else computed here by reading the
 * local file; undefined when neither is possible (a link to a remote file without a fragment).
 */
export function listedSha256(file: ListedFile): string | undefined {
  if (file.sha256) return file.sha256;
  if (!file.path) return undefined;
  try {
    file.sha256 = createHash('sha256').update(fs.readFileSync(file.path)).digest('hex');
    return file.sha256;
  } catch {
    return undefined;
  }
}

/** Versions equal under PEP 440 (`2.0 == 2.0.0`), else as strings. */
export function sameVersion(a: string, b: string): boolean {
  return valid(a) && valid(b) ? compare(a, b) === 0 : a === b;
}

/** The newest version listed (pre-releases included: a newer pre-release makes the caller fall back). */
export function newestVersion(files: ListedFile[]): string | undefined {
  let newest: string | undefined;
  for (const file of files) {
    if (!valid(file.version)) return undefined;
    if (newest === undefined || compare(file.version, newest) > 0) newest = file.version;
  }
  return newest;
}

const ARCH: Record<string, string[]> = { x64: ['x86_64', 'amd64'], arm64: ['aarch64', 'arm64'], ia32: ['i686', 'i386'], arm: ['armv7l'], ppc64: ['ppc64le'], s390x: ['s390x'] };

/**
 * The files pip could pick in a sandbox (Linux, this machine's architecture): wheels for another OS or
 * architecture are left out, and so is a version's sdist when that version has a pure Python 3 wheel
 * (pip prefers any compatible wheel to an sdist).
 */
export function pickable(files: ListedFile[]): ListedFile[] {
  const arches = ARCH[process.arch] ?? [process.arch];
  const tagsOf = (f: ListedFile) => {
    const parts = f.filename.slice(0, -4).split('-');
    return { py: parts[parts.length - 3].split('.'), abi: parts[parts.length - 2].split('.'), plat: parts[parts.length - 1].split('.') };
  };
  const wheels = files.filter((f) => f.kind === 'wheel').filter((f) => tagsOf(f).plat.some((p) => p === 'any' || (/linux/.test(p) && arches.some((a) => p.endsWith(`_${a}`)))));
  // Per version: a pure wheel of one version says nothing about another version's sdist.
  const pureVersions = new Set(
    wheels
      .filter((f) => {
        const tags = tagsOf(f);
        return tags.py.includes('py3') && tags.abi.includes('none') && tags.plat.includes('any');
      })
      .map((f) => f.version),
  );
  return [...wheels, ...files.filter((f) => f.kind === 'sdist' && !pureVersions.has(f.version))];
}

/**
 * The index settings when the request and the requirements files decide all of them, so pip's own
 * configuration (which takes pip's start-up to read) cannot change them; else undefined.
 */
export function indexConfigWithoutPip(request: Pick<ValidateRequest, 'indexUrl' | 'extraIndexUrls' | 'findLinks' | 'noIndex'>, options: Partial<RequirementOptions>): IndexConfig | undefined {
  const given = <T>(...lists: (T[] | undefined)[]) => lists.find((l) => l !== undefined && l.length > 0);
  const findLinks = given(request.findLinks, options.findLinks);
  if (!findLinks) return undefined;
  const noIndex = request.noIndex ? true : request.indexUrl ? false : options.noIndex ? true : undefined;
  if (noIndex) return { extraIndexUrls: [], findLinks, noIndex: true };
  const indexUrl = request.indexUrl ?? options.indexUrl;
  const extraIndexUrls = given(request.extraIndexUrls, options.extraIndexUrls);
  if (noIndex === undefined || !indexUrl || !extraIndexUrls) return undefined;
  return { indexUrl, extraIndexUrls, findLinks };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
