import * as fs from 'node:fs';
import * as yauzl from 'yauzl';
import { makeReason } from '../reasonCatalog';
import type { DistContents, DistFile, DistKind } from './distFiles';
import { EntryPolicy, type EntryType } from './entryPolicy';
import type { ArchiveLimits } from './limits';
import { NotAnArchiveError } from './notAnArchive';
import { readAll, readHead } from './readStream';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

function entryType(entry: yauzl.Entry, name: string): EntryType {
  const mode = entry.externalFileAttributes >>> 16;
  const fromUnix = entry.versionMadeBy >> 8 === MADE_BY_UNIX || mode !== 0;
  const format = mode & S_IFMT;
  if (fromUnix && format === S_IFLNK) return 'symlink';
  if (name.endsWith('/') || (fromUnix && format === S_IFDIR)) return 'directory';
  if (fromUnix && format !== 0 && format !== S_IFREG) return 'special';
  return 'file';
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', onEnd);
      zip.removeListener('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (error: Error) => (cleanup(), reject(error));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/**
 * Reads a zip (wheel or .zip sdist) entry by entry with yauzl (lazyEntries): names are
 * validated here, not by yauzl, so one bad entry becomes a reason instead of aborting
 * the whole read. Content stays in memory; nothing is extracted.
 */
export async function readZip(file: string, kind: DistKind, limits: ArchiveLimits, signal?: AbortSignal): Promise<DistContents> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw new NotAnArchiveError(file, `not a readable zip archive (${(error as Error).message})`);
  }
  const label = file.slice(file.lastIndexOf('/') + 1);
  const policy = new EntryPolicy(label, limits, fs.statSync(file).size);
  const files: DistFile[] = [];
  try {
    for (;;) {
      signal?.throwIfAborted();
      let entry: yauzl.Entry | undefined;
      try {
        entry = await nextEntry(zip);
      } catch (error) {
        policy.fail(makeReason('corruptArchive', `${label}: the zip directory is corrupt (${(error as Error).message}); the entries after this point were not inspected. Do not install it; download it again from a trusted index.`, { file: label }));
        break;
      }
      if (!entry) break;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw as unknown as Buffer, entry.extraFields, true);
      const decision = policy.decide({ name, type: entryType(entry, name), size: entry.uncompressedSize, compressedSize: entry.compressedSize });
      if (decision.action === 'stop') break;
      if (decision.action === 'skip') continue;
      const mode = (entry.externalFileAttributes >>> 16) & 0o7777;
      const distFile: DistFile = { path: decision.path, size: entry.uncompressedSize };
      if (mode) distFile.mode = mode;
      try {
        if (entry.isEncrypted()) throw new Error('entry is encrypted');
        const stream = await zip.openReadStreamPromise(entry);
        if (decision.action === 'read') {
          distFile.data = await readAll(stream, entry.uncompressedSize);
          distFile.head = distFile.data.subarray(0, 64);
        } else {
          distFile.head = await readHead(stream);
        }
      } catch (error) {
        policy.reasons.push(makeReason('corruptArchive', `${decision.path} could not be read (${(error as Error).message}); it was not inspected. A damaged or tampered entry: do not install this archive.`, { file: decision.path }));
        continue;
      }
      files.push(distFile);
    }
  } finally {
    zip.close();
  }
  return { kind, files, reasons: policy.reasons, truncated: policy.truncated };
}
