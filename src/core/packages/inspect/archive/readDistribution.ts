import * as fs from 'node:fs';
import type { DistContents } from './distFiles';
import { readDir } from './dirReader';
import { withDefaults, type ArchiveLimits } from './limits';
import { NotAnArchiveError } from './notAnArchive';
import { readTar } from './tarReader';
import { readZip } from './zipReader';

export interface ReadOptions {
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
}

/** Reads a wheel, an sdist or an unpacked directory into memory under the archive limits; never extracts anything. */
export async function readDistribution(file: string, options: ReadOptions = {}): Promise<DistContents> {
  const limits = withDefaults(options.limits);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NotAnArchiveError(file, code === 'ENOENT' ? 'no such file or directory' : `cannot be read (${code})`);
  }
  if (stat.isDirectory()) return readDir(file, limits, options.signal);
  if (!stat.isFile()) throw new NotAnArchiveError(file, 'not a regular file');
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new NotAnArchiveError(file, 'cannot be read (permission denied)');
  }
  const lower = file.toLowerCase();
  if (lower.endsWith('.whl')) return readZip(file, 'wheel', limits, options.signal);
  if (lower.endsWith('.zip') || lower.endsWith('.egg')) return readZip(file, 'sdist', limits, options.signal);
  if (/\.(tar\.gz|tgz|tar)$/.test(lower)) return readTar(file, 'sdist', limits, options.signal);
  if (/\.(tar\.bz2|tbz2?|tar\.xz|txz)$/.test(lower)) {
    throw new NotAnArchiveError(file, 'bzip2/xz-compressed tar archives are not supported; recompress it as .tar.gz');
  }
  throw new NotAnArchiveError(file, 'unknown file type');
}
