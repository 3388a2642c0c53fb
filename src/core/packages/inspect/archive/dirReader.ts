import * as fs from 'node:fs';
import * as path from 'node:path';
import { HEAD_BYTES, type DistContents, type DistFile } from './distFiles';
import { EntryPolicy, type EntryType } from './entryPolicy';
import type { ArchiveLimits } from './limits';

/** Directories of an unpacked project that are build or tool output, not the distribution. */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', '__pycache__', '.tox', '.nox', '.venv', 'venv', 'node_modules', '.mypy_cache', '.pytest_cache']);

function typeOf(stat: fs.Stats): EntryType {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isDirectory()) return 'directory';
  if (stat.isFile()) return 'file';
  return 'special';
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const read = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
    return head.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** An unpacked distribution or project directory, under the same limits as an archive; links are reported, never followed. */
export async function readDir(root: string, limits: ArchiveLimits, signal?: AbortSignal): Promise<DistContents> {
  const policy = new EntryPolicy(path.basename(root), limits);
  const files: DistFile[] = [];
  const pending = [''];
  walking: while (pending.length > 0) {
    const relDir = pending.pop()!;
    const entries = await fs.promises.readdir(path.join(root, relDir), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const dirent of entries) {
      signal?.throwIfAborted();
      if (dirent.isDirectory() && SKIPPED_DIRS.has(dirent.name)) continue;
      const rel = relDir ? `${relDir}/${dirent.name}` : dirent.name;
      const abs = path.join(root, rel);
      const stat = await fs.promises.lstat(abs);
      const type = typeOf(stat);
      const decision = policy.decide({
        name: type === 'directory' ? `${rel}/` : rel,
        type,
        size: type === 'file' ? stat.size : 0,
        linkTarget: type === 'symlink' ? await fs.promises.readlink(abs) : undefined,
      });
      if (type === 'directory' && decision.action !== 'stop') pending.push(rel);
      if (decision.action === 'stop') break walking;
      if (decision.action === 'skip') continue;
      const file: DistFile = { path: decision.path, size: stat.size, mode: stat.mode & 0o7777 };
      if (decision.action === 'read') {
        file.data = await fs.promises.readFile(abs);
        file.head = file.data.subarray(0, HEAD_BYTES);
      } else {
        file.head = readHead(abs);
      }
      files.push(file);
    }
  }
  return { kind: 'dir', files, reasons: policy.reasons, truncated: policy.truncated };
}
