import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { writeFileAtomic } from '../state/atomicFile';
import { parseRecord } from './distributions';
import type { RecordEntry } from './types';

const MAX_RECORD_BYTES = 16 * 1024 * 1024;

function readRecordFromZip(wheel: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(wheel, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error(`${wheel} could not be opened`));
      let found = false;
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/^[^/]+\.dist-info\/RECORD$/.test(entry.fileName) || entry.uncompressedSize > MAX_RECORD_BYTES) return zip.readEntry();
        found = true;
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => {
        if (!found) reject(new Error(`${path.basename(wheel)} has no .dist-info/RECORD: it is not a valid wheel`));
      });
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * The RECORD of a wheel, its paths mapped to where an installer puts them relative to site-packages
 * (`.data/purelib` and `.data/platlib` unpacked; `.data/scripts|data|headers` dropped, since installers
 * rewrite or move them). Memoised on disk by the wheel's sha256 when `memoDir` is given: a cached
 * artifact never changes.
 */
export async function wheelRecord(wheel: string, sha256: string, memoDir?: string): Promise<RecordEntry[]> {
  const memo = memoDir && path.join(memoDir, `${sha256}.json`);
  if (memo) {
    try {
      return JSON.parse(fs.readFileSync(memo, 'utf8')) as RecordEntry[];
    } catch {
      // Not memoised yet.
    }
  }
  const entries: RecordEntry[] = [];
  for (const entry of parseRecord(await readRecordFromZip(wheel))) {
    const data = /^[^/]+\.data\/([^/]+)\/(.*)$/.exec(entry.path);
    if (data) {
      if (data[1] === 'purelib' || data[1] === 'platlib') entries.push({ ...entry, path: data[2] });
      continue;
    }
    entries.push(entry);
  }
  if (memo) writeFileAtomic(memo, JSON.stringify(entries));
  return entries;
}
