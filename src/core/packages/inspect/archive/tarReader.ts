import * as fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import * as tar from 'tar-stream';
import { makeReason } from '../reasonCatalog';
import { HEAD_BYTES, type DistContents, type DistFile, type DistKind } from './distFiles';
import { EntryPolicy, type EntryType } from './entryPolicy';
import type { ArchiveLimits } from './limits';
import { NotAnArchiveError } from './notAnArchive';
import { readAll, type ByteStream } from './readStream';

function entryType(type: tar.Header['type'] | undefined | null): EntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'special';
  }
}

/** Thrown inside the stream when the decompressed data outgrows the limits: a gzip bomb. */
class InflationLimit extends Error {}

/** Counts decompressed bytes and stops the stream once they pass the total or ratio limit. */
class InflationCounter extends Transform {
  bytes = 0;
  constructor(
    private readonly policy: EntryPolicy,
    private readonly compressedSize: number,
    private readonly maxBytes: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes || this.policy.streamRatioExceeded(this.bytes, this.compressedSize)) {
      callback(new InflationLimit(`${this.bytes} bytes inflated from ${this.compressedSize}`));
      return;
    }
    callback(null, chunk);
  }
}

function drain(stream: ByteStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const head: Buffer[] = [];
    let have = 0;
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      if (have < HEAD_BYTES) {
        head.push(chunk);
        have += chunk.length;
      }
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(head).subarray(0, HEAD_BYTES)));
  });
}

type Compression = 'gzip' | 'none';

function detectCompression(file: string): Compression {
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(262);
  let read: number;
  try {
    read = fs.readSync(fd, magic, 0, magic.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) return 'gzip';
  if (read >= 3 && magic.subarray(0, 3).toString('latin1') === 'BZh') {
    throw new NotAnArchiveError(file, 'bzip2-compressed tar archives are not supported; recompress it with gzip (`bunzip2 -c FILE | gzip > FILE.tar.gz`)');
  }
  if (read >= 262 && magic.subarray(257, 262).toString('latin1') === 'ustar') return 'none';
  throw new NotAnArchiveError(file, 'not a gzip-compressed tar archive');
}

/**
 * Streams a tar (.tar.gz/.tgz, or plain .tar) through tar-stream: each entry is
 * read into memory or drained, never written to disk. The decompressed stream is
 * metered so a gzip bomb stops at the limit rather than at the end of memory.
 */
export async function readTar(file: string, kind: DistKind, limits: ArchiveLimits, signal?: AbortSignal): Promise<DistContents> {
  const compression = detectCompression(file);
  const label = file.slice(file.lastIndexOf('/') + 1);
  const policy = new EntryPolicy(label, limits);
  const compressedSize = fs.statSync(file).size;
  const counter = new InflationCounter(policy, compressedSize, limits.maxTotalBytes + 1024 ** 2);
  const extract = tar.extract();
  const stages: NodeJS.ReadWriteStream[] = compression === 'gzip' ? [zlib.createGunzip(), counter] : [counter];
  const source = fs.createReadStream(file);
  const piping = pipeline(source, ...(stages as [Transform]), extract, { signal }).catch((error: unknown) => error);
  const files: DistFile[] = [];
  let entries = 0;
  let failure: unknown;
  try {
    for await (const entry of extract) {
      entries++;
      const header = entry.header;
      const decision = policy.decide({ name: header.name, type: entryType(header.type), size: header.size ?? 0, linkTarget: header.linkname ?? undefined });
      if (decision.action === 'stop') break;
      if (decision.action === 'skip') {
        await drain(entry);
        continue;
      }
      const distFile: DistFile = { path: decision.path, size: header.size ?? 0 };
      if (header.mode) distFile.mode = header.mode & 0o7777;
      if (decision.action === 'read') {
        distFile.data = await readAll(entry, distFile.size);
        distFile.head = distFile.data.subarray(0, HEAD_BYTES);
      } else {
        distFile.head = await drain(entry);
      }
      files.push(distFile);
    }
  } catch (error) {
    failure = error;
  } finally {
    source.destroy();
    extract.destroy();
  }
  const piped = await piping;
  signal?.throwIfAborted();
  if (failure !== undefined || (piped !== undefined && !policy.truncated)) recordStreamError(policy, label, piped ?? failure, entries, file);
  return { kind, files, reasons: policy.reasons, truncated: policy.truncated };
}

function recordStreamError(policy: EntryPolicy, label: string, error: unknown, entries: number, file: string): void {
  if (error instanceof InflationLimit) {
    policy.fail(makeReason('tooLarge', `${label} decompresses past the limits (${error.message}); reading stopped. Treat it as an archive bomb unless you know it is this big (raise limits.maxTotalBytes / maxCompressionRatio).`, { file: label }));
    return;
  }
  if (policy.truncated) return;
  if (entries === 0) throw new NotAnArchiveError(file, `not a readable tar archive (${(error as Error).message})`);
  policy.fail(makeReason('corruptArchive', `${label}: the archive is damaged after ${entries} entries (${(error as Error).message}); the rest was not inspected. Download it again from a trusted index.`, { file: label }));
}
