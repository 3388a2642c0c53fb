import * as os from 'node:os';
import { PythonParser } from '../parser';
import { WorkerPool } from '../worker/workerPool';
import type { AnalysisCache } from './analysisCache';
import { cacheKey } from './analysisCache';
import { runAnalysisJob, type AnalysisJob } from './analyzeJob';
import type { FileReport } from './fileReport';
import { readSource } from './readSource';

export interface ScanOptions {
  job: Omit<AnalysisJob, 'path' | 'source'>;
  cache?: AnalysisCache;
  /** A pool to reuse; without one, scans of more than a few files start (and stop) their own. */
  pool?: WorkerPool;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, file: string) => void;
  maxFileBytes?: number;
}

/** Below this many files, thread start-up costs more than it saves. */
const IN_PROCESS_LIMIT = 8;

export class ScanCancelled extends Error {
  constructor() {
    super('scan cancelled');
  }
}

/** Scans `files` (in order) and returns one report each; unreadable files get an `error`, never an exception. */
export async function scanFiles(files: readonly string[], options: ScanOptions): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(files.length);
  const work: Array<{ index: number; job: AnalysisJob; key: string }> = [];
  files.forEach((file, index) => {
    const read = readSource(file, options.maxFileBytes);
    if (read.error !== undefined) {
      reports[index] = { path: file, error: read.error, findings: [] };
      return;
    }
    const job: AnalysisJob = { ...options.job, path: file, source: read.source };
    const key = cacheKey(job);
    const cached = options.cache?.get(key);
    if (cached) reports[index] = cached;
    else work.push({ index, job, key });
  });

  let done = files.length - work.length;
  const finish = (index: number, key: string | undefined, report: FileReport) => {
    reports[index] = report;
    if (key && !report.error) options.cache?.set(key, report);
    options.onProgress?.(++done, files.length, report.path);
  };
  const failed = (file: string, error: unknown): FileReport => ({
    path: file,
    error: `analysis failed: ${error instanceof Error ? error.message : String(error)}`,
    findings: [],
  });

  if (work.length <= IN_PROCESS_LIMIT && !options.pool) {
    const parser = await PythonParser.create();
    try {
      for (const { index, job, key } of work) {
        if (options.signal?.aborted) throw new ScanCancelled();
        let report: FileReport;
        try {
          report = runAnalysisJob(parser, job);
        } catch (error) {
          report = failed(job.path, error);
        }
        finish(index, key, report);
      }
    } finally {
      parser.delete();
    }
    return reports;
  }

  const pool = options.pool ?? new WorkerPool(Math.min(work.length, os.availableParallelism()));
  try {
    await new Promise<void>((resolve, reject) => {
      let remaining = work.length;
      const onAbort = () => {
        pool.cancelQueued();
        reject(new ScanCancelled());
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (remaining === 0) resolve();
      for (const { index, job, key } of work) {
        pool
          .analyze(job)
          .then(
            (report) => finish(index, key, report),
            (error) => finish(index, undefined, failed(job.path, error)),
          )
          .finally(() => {
            if (--remaining === 0) {
              options.signal?.removeEventListener('abort', onAbort);
              resolve();
            }
          });
      }
    });
  } finally {
    if (!options.pool) await pool.close();
  }
  return reports;
}
