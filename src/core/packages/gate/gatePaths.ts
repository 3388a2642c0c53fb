import * as path from 'node:path';
import type { GateDirs } from './request';

/** The verdict history of the gate (read by the VS Code "Validations" view too). */
export function gateHistoryFile(dirs: GateDirs): string {
  return path.join(dirs.stateDir, 'gate', 'history.jsonl');
}

/** The content-addressed artifact cache of the gate. */
export function gateArtifactDir(dirs: GateDirs): string {
  return path.join(dirs.cacheDir, 'artifacts');
}
