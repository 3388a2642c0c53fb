import * as path from 'node:path';
import { ArtifactCache } from '../packages/cache/artifactCache';
import { gateArtifactDir, gateHistoryFile } from '../packages/gate/gatePaths';
import { VerdictHistory } from '../packages/gate/history';
import type { GateDirs } from '../packages/gate/request';
import type { VerificationSources } from './verification';

/** The gate's verdict history and artifact cache under its dirs (the CLI's or the extension's), with the RECORD memo beside the cache. */
export function gateVerificationSources(dirs: GateDirs): VerificationSources {
  return { history: new VerdictHistory(gateHistoryFile(dirs)), cache: new ArtifactCache(gateArtifactDir(dirs)), memoDir: path.join(dirs.cacheDir, 'environments', 'wheel-records') };
}
