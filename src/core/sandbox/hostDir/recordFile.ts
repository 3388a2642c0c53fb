import * as fs from 'node:fs';
import * as path from 'node:path';
import { LABEL, OWNER_LABEL_VALUE, type EngineKind, type OwnedResource, type SandboxRecord, type SandboxSpec } from '../engine';
import { sandboxPaths } from './layout';

/** What `<dir>/sandbox.json` holds: the labels (so scanning the root finds our sandboxes), the record, engine extras. */
export interface SandboxFile {
  labels: Record<string, string>;
  record: SandboxRecord;
  /** The base interpreter the venv was made from; kept outside the work dir so sandboxed code cannot change it. */
  interpreter?: { executable: string; prefix: string };
  /** bubblewrap: the venv template's site-packages, bound read-only at the same path (the venv's `.pth` points there). */
  venvBase?: string;
}

export function labelsFor(spec: SandboxSpec, record: Pick<SandboxRecord, 'createdAt' | 'owner' | 'purpose'>): Record<string, string> {
  return {
    ...spec.labels,
    [LABEL.owner]: OWNER_LABEL_VALUE,
    [LABEL.sandbox]: spec.name,
    [LABEL.purpose]: record.purpose,
    [LABEL.createdAt]: record.createdAt,
    [LABEL.ownerPid]: String(record.owner.pid),
    [LABEL.ownerStartedAt]: String(record.owner.startedAt),
  };
}

export function writeSandboxFile(file: string, content: SandboxFile): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(temporary, file);
}

export function readSandboxFile(file: string): SandboxFile | undefined {
  try {
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxFile;
    return content.labels?.[LABEL.owner] === OWNER_LABEL_VALUE ? content : undefined;
  } catch {
    return undefined;
  }
}

/** Sandbox directories under `root` made by Snakepit for this engine (a directory without our label is never listed). */
export function scanOwned(root: string, engine: EngineKind): OwnedResource[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const owned: OwnedResource[] = [];
  for (const name of names) {
    let paths;
    try {
      paths = sandboxPaths(root, name);
    } catch {
      continue;
    }
    const file = readSandboxFile(paths.recordFile);
    if (!file || file.record.engine !== engine) continue;
    owned.push({
      engine,
      kind: 'directory',
      id: paths.dir,
      sandbox: file.labels[LABEL.sandbox] ?? name,
      purpose: file.record.purpose,
      labels: file.labels,
    });
  }
  return owned;
}

export function isDirectChild(root: string, candidate: string): boolean {
  return path.dirname(path.resolve(candidate)) === path.resolve(root);
}
