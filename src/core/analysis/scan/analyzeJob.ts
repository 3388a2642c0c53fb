import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTree } from '../analyzeSource';
import type { AnalysisConfig } from '../config';
import type { DeclaredDependencies } from '../imports';
import type { PythonParser } from '../parser';
import type { FileReport } from './fileReport';

/** Everything needed to analyse one file; plain data, so it can cross to a worker thread. */
export interface AnalysisJob {
  path: string;
  source: string;
  config: AnalysisConfig;
  metrics: boolean;
  declared?: DeclaredDependencies;
  /** Top-level module names of the workspace (packages and modules at its root or under src/). */
  localModules?: readonly string[];
}

export function runAnalysisJob(parser: PythonParser, job: AnalysisJob): FileReport {
  const tree = parser.parse(job.source);
  try {
    const local = new Set(job.localModules ?? []);
    const dir = path.dirname(job.path);
    const isLocalModule = (name: string) =>
      local.has(name) || fs.existsSync(path.join(dir, `${name}.py`)) || fs.existsSync(path.join(dir, name, '__init__.py'));
    const analysis = analyzeTree(tree, job.source, {
      path: job.path,
      config: job.config,
      metrics: job.metrics,
      declared: job.declared,
      isLocalModule,
    });
    return { path: job.path, error: null, findings: analysis.findings, ...(analysis.metrics ? { metrics: analysis.metrics } : {}) };
  } finally {
    tree.delete();
  }
}
