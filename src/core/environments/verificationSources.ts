import * as path from 'node:path';
import { ArtifactCache } from '../packages/cache/artifactCache';
import { gateArtifactDir, gateHistoryFile } from '../packages/gate/gatePaths';
import { VerdictHistory } from '../packages/gate/history';
import type { GateDirs } from '../packages/gate/request';
import type { VerificationSources } from './verification';

/** What the gate knows, as verification reads it: its verdict history and artifact cache under `dirs` (the CLI's or VS Code's). */
export function verificationSourcesFor(dirs: GateDirs): VerificationSources {
  return { history: new VerdictHistory(gateHistoryFile(dirs)), cache: new ArtifactCache(gateArtifactDir(dirs)), memoDir: path.join(dirs.cacheDir, 'environments', 'wheel-records') };
}
