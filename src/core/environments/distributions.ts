import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeName } from '../packages/names';
import type { InstalledDistribution, RecordEntry } from './types';

/** RECORD is CSV (PEP 376): a path may be quoted when it holds a comma. */
export function parseRecord(text: string): RecordEntry[] {
  const entries: RecordEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else field += c;
    }
    fields.push(field);
    const [file, hash = '', size = ''] = fields;
    const entry: RecordEntry = { path: file, hash: hash.startsWith('sha256=') ? hash.slice('sha256='.length) : '' };
    if (/^\d+$/.test(size)) entry.size = Number(size);
    entries.push(entry);
  }
  return entries;
}

/** Header fields of a METADATA file (RFC 822 style; continuation lines folded), up to the body. */
export function parseMetadataHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const key = line.slice(0, at).toLowerCase();
    last = headers.get(key) ?? [];
    last.push(line.slice(at + 1).trim());
    headers.set(key, last);
  }
  return headers;
}

const read = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** One `.dist-info` directory, read from disk (no interpreter runs); undefined when it has no readable METADATA. */
export function readDistInfo(sitePackages: string, distInfo: string): InstalledDistribution | undefined {
  const metadata = read(path.join(distInfo, 'METADATA'));
  if (metadata === undefined) return undefined;
  const headers = parseMetadataHeaders(metadata);
  const name = headers.get('name')?.[0];
  const version = headers.get('version')?.[0];
  if (!name || !version) return undefined;
  return {
    name,
    key: normalizeName(name),
    version,
    installer: (read(path.join(distInfo, 'INSTALLER')) ?? '').trim(),
    distInfo,
    sitePackages,
    files: parseRecord(read(path.join(distInfo, 'RECORD')) ?? ''),
    requires: headers.get('requires-dist') ?? [],
  };
}

/** Every distribution installed in the given site-packages directories (`.dist-info` only; legacy `.egg-info` has no RECORD to check). Sorted by key. */
export function readInstalled(sitePackages: string[]): InstalledDistribution[] {
  const found: InstalledDistribution[] = [];
  for (const dir of sitePackages) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.dist-info')).sort()) {
      const dist = readDistInfo(dir, path.join(dir, name));
      if (dist) found.push(dist);
    }
  }
  return found.sort((a, b) => a.key.localeCompare(b.key) || a.version.localeCompare(b.version));
}
