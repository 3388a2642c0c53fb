import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION } from '../../version';
import type { AnalysisJob } from './analyzeJob';
import type { FileReport } from './fileReport';

export interface AnalysisCache {
  get(key: string): FileReport | undefined;
  set(key: string, report: FileReport): void;
}

/**
 * The cache key of a job: the content's hash plus everything else the result
 * depends on (Snakepit's version, the configuration, the declared dependencies, the path).
 */
export function cacheKey(job: AnalysisJob): string {
  const { source, ...rest } = job;
  const declared = job.declared ? { names: [...job.declared.names].sort(), complete: job.declared.complete } : null;
  const context = JSON.stringify({ ...rest, declared, version: VERSION });
  return createHash('sha256').update(context).update('\0').update(source).digest('hex');
}

/** Most-recently-used entries in memory, for the editor's repeated scans of the same files. */
export class MemoryCache implements AnalysisCache {
  private readonly entries = new Map<string, FileReport>();

  constructor(private readonly capacity = 5000) {}

  get(key: string): FileReport | undefined {
    const report = this.entries.get(key);
    if (report) {
      this.entries.delete(key);
      this.entries.set(key, report);
    }
    return report;
  }

  set(key: string, report: FileReport): void {
    this.entries.set(key, report);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** One JSON file per key under `dir`, for the CLI's repeated runs; unreadable entries are misses. */
export class DiskCache implements AnalysisCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): FileReport | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as FileReport;
    } catch {
      return undefined;
    }
  }

  set(key: string, report: FileReport): void {
    const file = this.file(key);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(report));
      fs.renameSync(temp, file);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
