import { normalizeName } from '../names';

export interface DistFilename {
  /** PEP 503 normalised project name. */
  name: string;
  version: string;
  kind: 'wheel' | 'sdist';
}

const SDIST = /^(.+)-([0-9][^-]*?)\.(tar\.gz|zip|tar\.bz2|tgz|tar)$/i;

/** Project and version from a wheel (`name-ver-…-tag.whl`) or sdist (`name-ver.tar.gz`) file name; undefined for anything else. */
export function parseDistFilename(filename: string): DistFilename | undefined {
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-');
    if (parts.length < 5 || parts.length > 6) return undefined;
    return { name: normalizeName(parts[0]), version: parts[1], kind: 'wheel' };
  }
  const sdist = SDIST.exec(filename);
  if (!sdist) return undefined;
  return { name: normalizeName(sdist[1]), version: sdist[2], kind: 'sdist' };
}
