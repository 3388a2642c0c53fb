import { complexityFindings } from './complexityRules';
import { isRuleEnabled, passesThresholds, type AnalysisConfig } from './config';
import type { FileContext } from './context';
import { ImportScope } from './importScope';
import { findUndeclaredImports, importSites, type DeclaredDependencies, type ImportSite } from './imports';
import { analyzeRaw, createMetricsAnalyzer, fileMetrics, type MetricsPart } from './metrics';
import type { Tree } from './parser';
import { applySuppressions, createSecurityAnalyzer } from './security';
import { trojanSourceFindings } from './security/trojanSource';
import { createTaintAnalyzer } from './taint';
import type { FileMetrics, Finding, Halstead, RawMetrics } from './types';
import { walk, type NodeVisitor } from './walk';

export interface AnalysisOptions {
  readonly path: string;
  readonly config: AnalysisConfig;
  /** Compute complexity metrics (and the complexity findings that need them); default true. */
  readonly metrics?: boolean;
  /** The workspace's declared dependencies, for undeclared-import findings (SP100); none when absent. */
  readonly declared?: DeclaredDependencies;
  /** Whether a top-level import name is a module of the workspace. */
  readonly isLocalModule?: (name: string) => boolean;
}

export interface FileAnalysis {
  readonly findings: Finding[];
  readonly metrics?: FileMetrics;
}

/**
 * What the walk over a file's statements found, in document order, before the
 * file-level steps: B613 over the text, the configuration's filters, suppressions, MI.
 */
export interface StatementResults {
  /** Security findings of each walked part, each part's sorted. */
  readonly security: readonly Finding[];
  readonly taint: readonly Finding[];
  readonly metrics?: readonly MetricsPart[];
  readonly imports: readonly ImportSite[];
  /** The text's raw counts, and the module's Halstead counts, when already known (else counted here). */
  readonly raw?: RawMetrics;
  readonly halstead?: Halstead;
}

/** Every rule and metric for one parsed file, from a single walk of its tree. */
export function analyzeTree(tree: Tree, source: string, options: AnalysisOptions): FileAnalysis {
  const imports = new ImportScope();
  const ctx: FileContext = { path: options.path, source, tree, imports };
  const security = createSecurityAnalyzer(ctx, { applySuppressions: false, trojanSource: false });
  const taint = createTaintAnalyzer(ctx);
  const visitors: NodeVisitor[] = [imports, security, taint];
  const metricsAnalyzer = options.metrics === false ? undefined : createMetricsAnalyzer(ctx);
  if (metricsAnalyzer) visitors.push(metricsAnalyzer);
  walk(tree.rootNode, visitors);
  return finishAnalysis(
    {
      security: security.findings(),
      taint: taint.findings(),
      metrics: metricsAnalyzer && [metricsAnalyzer.part()],
      imports: options.declared ? importSites(imports.imports) : [],
    },
    source,
    options,
  );
}

/** The file's findings and metrics from what its statements gave: the steps that need the whole file. */
export function finishAnalysis(results: StatementResults, source: string, options: AnalysisOptions): FileAnalysis {
  const { config } = options;
  const metrics = options.metrics === false || !results.metrics ? undefined : fileMetrics(results.metrics, results.raw ?? analyzeRaw(source), results.halstead);
  const security = [...trojanSourceFindings(source), ...results.security];
  security.sort(byPosition);
  const findings = [...security, ...results.taint];
  if (metrics) findings.push(...complexityFindings(metrics.blocks, config));
  if (options.declared) {
    const isLocalModule = options.isLocalModule ?? (() => false);
    findings.push(...findUndeclaredImports(results.imports, options.declared, { pythonVersion: config.pythonVersion, isLocalModule }));
  }
  const kept = applySuppressions(
    findings.filter((f) => isRuleEnabled(config, f.ruleId) && passesThresholds(config, f)),
    source,
  );
  kept.sort(byPosition);
  return metrics ? { findings: kept, metrics } : { findings: kept };
}

function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
