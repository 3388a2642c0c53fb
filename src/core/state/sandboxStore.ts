import * as path from 'node:path';
import type { SandboxRecord } from '../sandbox/engine';
import { readJsonFile, writeFileAtomic } from './atomicFile';

interface StateFile {
  version: 1;
  sandboxes: SandboxRecord[];
}

function isStateFile(value: unknown): value is StateFile {
  const v = value as StateFile;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    Array.isArray(v.sandboxes) &&
    v.sandboxes.every((s) => typeof s?.name === 'string' && typeof s.engine === 'string' && typeof s.handle === 'string' && Array.isArray(s.snapshots))
  );
}

export interface LoadedSandboxes {
  records: SandboxRecord[];
  /** Set when the state file was corrupt: it was moved to `backup`, and the records must be rebuilt from the engines. */
  corrupt?: { backup: string; error: string };
}

/** The persisted list of sandboxes (`sandboxes.json` in the state directory), written atomically. */
export class SandboxStore {
  readonly file: string;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'sandboxes.json');
  }

  load(): LoadedSandboxes {
    const read = readJsonFile(this.file, isStateFile);
    if (read.status === 'ok') return { records: read.value.sandboxes };
    if (read.status === 'missing') return { records: [] };
    return { records: [], corrupt: { backup: read.backup, error: read.error } };
  }

  save(records: readonly SandboxRecord[]): void {
    const state: StateFile = { version: 1, sandboxes: [...records].sort((a, b) => a.name.localeCompare(b.name)) };
    writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`);
  }
}
