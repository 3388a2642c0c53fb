import type { CachedArtifact } from '../cache/artifactCache';
import { parseDistFilename } from '../ingest/distFilename';
import { normalizeName } from '../names';
import type { Reason } from '../reasons';
import { compare, valid } from '../requirements/pep440';
import { gateReason } from './gateReasons';

/**
 * A file whose metadata names another project or version than its file name (what pip resolved): pip refuses such a
 * file, and a package built that way is hiding what it is. Said as such, not as "no matching version".
 */
export function identityReasons(file: Pick<CachedArtifact, 'filename'>, inspected: { name: string; version: string }): Reason[] {
  const parsed = parseDistFilename(file.filename);
  if (!parsed || !inspected.name) return [];
  const sameName = normalizeName(inspected.name) === parsed.name;
  const sameVersion = !inspected.version || inspected.version === parsed.version || (valid(inspected.version) !== null && valid(parsed.version) !== null && compare(inspected.version, parsed.version) === 0);
  if (sameName && sameVersion) return [];
  return [gateReason('identityMismatch', `${file.filename} says it is ${inspected.name} ${inspected.version} in its metadata: a file named for one project that installs another is refused by pip and is a way to hide what a package is`, { file: file.filename, evidence: `metadata ${inspected.name} ${inspected.version} · file name ${parsed.name} ${parsed.version}` })];
}

