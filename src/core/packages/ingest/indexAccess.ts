import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mount, NetworkMode } from '../../sandbox/engine';
import type { IndexConfig } from './pipConfig';

/** pip's index when none is configured. */
export const DEFAULT_INDEX_URL = 'https://pypi.org/simple';

/** What the ingest sandbox needs to reach the configured indexes, and the pip options that name them. */
export interface IndexAccess {
  /** Local indexes and find-links directories, read-only, at the same path inside (so file:// URLs work unchanged). */
  mounts: Mount[];
  /** `bridge` only when an index or find-links location is remote (http/https). */
  network: NetworkMode;
  pipArgs: string[];
  /** Remote locations, for the progress message: the sandbox can reach the network while downloading from them. */
  remote: string[];
  /** Every location pip looks in, each with where the setting came from: `https://pypi.org/simple (index; pip's default index; remote)`. */
  tried: string[];
}

export function indexAccess(config: IndexConfig): IndexAccess {
  const mounts = new Map<string, Mount>();
  const remote: string[] = [];
  const pipArgs: string[] = [];
  const tried: string[] = [];
  const sources = config.sources ?? {};
  const note = (location: string, what: string, source: string | undefined) => tried.push(`${location} (${what}; from ${source ?? "pip's configuration"}${localPath(location) === undefined ? '; remote' : fs.existsSync(localPath(location)!) ? '' : '; missing on this machine'})`);
  const local = (location: string, kind: 'index' | 'links') => {
    const dir = localPath(location);
    if (dir === undefined) {
      remote.push(location);
      return;
    }
    // A "simple" index links its files relative to its parent (../../files/…): make the parent visible.
    const shared = kind === 'index' && path.basename(dir) === 'simple' ? path.dirname(dir) : dir;
    // pip skips a missing location with a warning; so does the sandbox.
    if (fs.existsSync(shared)) mounts.set(shared, { hostPath: shared, sandboxPath: shared, readOnly: true });
  };
  if (config.noIndex) pipArgs.push('--no-index');
  else {
    const indexUrl = config.indexUrl ?? DEFAULT_INDEX_URL;
    pipArgs.push('--index-url', indexUrl);
    local(indexUrl, 'index');
    note(indexUrl, 'index', config.indexUrl ? sources.indexUrl : "pip's default index");
    for (const url of config.extraIndexUrls) {
      pipArgs.push('--extra-index-url', url);
      local(url, 'index');
      note(url, 'extra index', sources.extraIndexUrls);
    }
  }
  for (const links of config.findLinks) {
    const dir = localPath(links);
    pipArgs.push('--find-links', dir ?? links);
    local(links, 'links');
    note(links, 'find-links', sources.findLinks);
  }
  if (config.noIndex) tried.push(`no index (--no-index, from ${sources.noIndex ?? "pip's configuration"})`);
  return { mounts: [...mounts.values()], network: remote.length > 0 ? 'bridge' : 'none', pipArgs, remote, tried };
}

/** The local directory of a `file://` URL or a plain path; undefined for a remote URL. */
export function localPath(location: string): string | undefined {
  if (/^file:/i.test(location)) return path.resolve(fileURLToPath(location));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return undefined;
  return path.resolve(location);
}
