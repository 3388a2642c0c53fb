import * as path from 'node:path';
import { loadConfig, type ConfigLayer, type LoadedConfig } from '../config';
import { readDeclaredDependencies } from '../imports';
import type { WorkerPool } from '../worker/workerPool';
import type { AnalysisCache } from './analysisCache';
import { discoverFiles, type DiscoveredFiles } from './discoverFiles';
import { scanFiles } from './scanFiles';
import { buildScanReport, type ScanReport } from './scanReport';
import { workspaceModules } from './workspaceModules';

export interface ScanPathsOptions {
  cli?: ConfigLayer;
  metrics?: boolean;
  cache?: AnalysisCache;
  pool?: WorkerPool;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface ScanPathsResult {
  report: ScanReport;
  loaded: LoadedConfig;
  missing: DiscoveredFiles['missing'];
}

/**
 * The whole `snakepit scan`: configuration from the nearest pyproject.toml (plus
 * flags), file discovery, analysis with the workspace's declared dependencies, report.
 */
export async function scanPaths(paths: readonly string[], options: ScanPathsOptions = {}): Promise<ScanPathsResult> {
  const started = performance.now();
  const start = path.resolve(paths[0] ?? '.');
  const loaded = loadConfig(start, options.cli);
  const { config } = loaded;
  const { files, missing } = discoverFiles(paths.length ? paths : ['.'], config);
  const declared = readDeclaredDependencies(config.root);
  const reports = await scanFiles(files, {
    job: { config, metrics: options.metrics !== false, declared, localModules: workspaceModules(config.root) },
    cache: options.cache,
    pool: options.pool,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return { report: buildScanReport(reports, (performance.now() - started) / 1000), loaded, missing };
}
