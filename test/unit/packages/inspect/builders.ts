import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as tar from 'tar-stream';
import { writeZip } from '../../../fixtures/packages/zip';

/** One entry of a hand-made zip; every field a hostile archive might lie about is settable. */
export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  /** Deflate (default) or store. */
  method?: 'deflate' | 'store';
  /** Uncompressed size written in the headers (defaults to the real one): a liar's zip. */
  declaredSize?: number;
  /** Unix mode (file type and permissions), stored in the external attributes with "made by Unix". */
  unixMode?: number;
}

/** A zip from specs (see test/fixtures/packages/zip.ts: real zip structures, so yauzl reads them as any archive). */
export function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  return writeZip(entries.map((entry) => ({ ...entry, data: Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '', 'utf8') })));
}

function recordHash(data: Buffer): string {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`;
}

export interface WheelSpec {
  name: string;
  version: string;
  files: Record<string, string | Buffer>;
  tag?: string;
  summary?: string;
  homePage?: string;
  topLevel?: string[];
  /** Entries added after RECORD was written (not listed in it). */
  unlisted?: Record<string, string>;
}

/** A wheel as bdist_wheel lays it out: METADATA, WHEEL, top_level.txt and a RECORD with correct hashes. */
export function buildWheelEntries(spec: WheelSpec): ZipEntrySpec[] {
  const distInfo = `${spec.name.replace(/-/g, '_')}-${spec.version}.dist-info`;
  const files: Record<string, Buffer> = {};
  for (const [p, data] of Object.entries(spec.files)) files[p] = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const summary = spec.summary ?? `The ${spec.name} test package`;
  files[`${distInfo}/METADATA`] = Buffer.from(
    `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${spec.version}\nSummary: ${summary}\n${spec.homePage !== undefined ? (spec.homePage ? `Home-page: ${spec.homePage}\n` : '') : `Home-page: https://example.org/${spec.name}\n`}\n${summary ? 'A package built by the tests.\n' : ''}`,
  );
  files[`${distInfo}/WHEEL`] = Buffer.from(`Wheel-Version: 1.0\nGenerator: snakepit-tests\nRoot-Is-Purelib: true\nTag: ${spec.tag ?? 'py3-none-any'}\n`);
  if (spec.topLevel) files[`${distInfo}/top_level.txt`] = Buffer.from(`${spec.topLevel.join('\n')}\n`);
  const record = Object.entries(files).map(([p, d]) => `${p},${recordHash(d)},${d.length}`);
  record.push(`${distInfo}/RECORD,,`);
  files[`${distInfo}/RECORD`] = Buffer.from(`${record.join('\n')}\n`);
  const entries = Object.entries(files).map(([name, data]) => ({ name, data }));
  for (const [name, data] of Object.entries(spec.unlisted ?? {})) entries.push({ name, data: Buffer.from(data) });
  return entries;
}

export function wheelFileName(spec: WheelSpec): string {
  return `${spec.name.replace(/-/g, '_')}-${spec.version}-${spec.tag ?? 'py3-none-any'}.whl`;
}

/** A tar entry for buildTarGz: files have data; links have a target; devices have a type. */
export interface TarEntrySpec {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'character-device' | 'fifo' | 'directory';
  linkname?: string;
  /** Size written in the header instead of the data's (for the huge-declared-size case, data is then omitted). */
  size?: number;
}

/** A .tar.gz built with tar-stream's pack, in memory. */
export async function buildTarGz(entries: readonly TarEntrySpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const gzip = zlib.createGzip();
  const done = new Promise<Buffer>((resolve, reject) => {
    gzip.on('data', (c: Buffer) => chunks.push(c));
    gzip.on('end', () => resolve(Buffer.concat(chunks)));
    gzip.on('error', reject);
  });
  pack.pipe(gzip);
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    if (type === 'file') {
      const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '');
      pack.entry({ name: entry.name, type, size: data.length, mode: 0o644 }, data);
    } else {
      pack.entry({ name: entry.name, type, linkname: entry.linkname, mode: 0o644, size: 0 });
    }
  }
  pack.finalize();
  return done;
}

/** An sdist: `name-version/` with PKG-INFO and the given files. */
export function sdistEntries(name: string, version: string, files: Record<string, string>): TarEntrySpec[] {
  const root = `${name}-${version}`;
  const entries: TarEntrySpec[] = [{ name: `${root}/PKG-INFO`, data: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: test sdist\nHome-page: https://example.org/${name}\n\nA test sdist.\n` }];
  for (const [p, data] of Object.entries(files)) entries.push({ name: `${root}/${p}`, data });
  return entries;
}

/** A temp dir removed after the suite; `listing()` proves nothing was extracted into it. */
export class TempDir {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-inspect-'));
  write(name: string, data: Buffer | string): string {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    return file;
  }
  listing(): string[] {
    return (fs.readdirSync(this.dir, { recursive: true }) as string[]).sort();
  }
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
