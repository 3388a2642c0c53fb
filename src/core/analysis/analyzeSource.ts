import { complexityFindings } from './complexityRules';
import { isRuleEnabled, passesThresholds, type AnalysisConfig } from './config';
import type { FileContext } from './context';
import { ImportScope } from './importScope';
import { findUndeclaredImports, type DeclaredDependencies } from './imports';
import { createMetricsAnalyzer } from './metrics';
import type { Tree } from './parser';
import { applySuppressions, createSecurityAnalyzer } from './security';
import { createTaintAnalyzer } from './taint';
import type { FileMetrics, Finding } from './types';
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

/** Every rule and metric for one parsed file, from a single walk of its tree. */
export function analyzeTree(tree: Tree, source: string, options: AnalysisOptions): FileAnalysis {
  const imports = new ImportScope();
  const ctx: FileContext = { path: options.path, source, tree, imports };
  const security = createSecurityAnalyzer(ctx, { applySuppressions: false });
  const taint = createTaintAnalyzer(ctx);
  const visitors: NodeVisitor[] = [imports, security, taint];
  const metricsAnalyzer = options.metrics === false ? undefined : createMetricsAnalyzer(ctx);
  if (metricsAnalyzer) visitors.push(metricsAnalyzer);
  walk(tree.rootNode, visitors);

  const { config } = options;
  const metrics = metricsAnalyzer?.result();
  const findings = [...security.findings(), ...taint.findings()];
  if (metrics) findings.push(...complexityFindings(metrics.blocks, config));
  if (options.declared) {
    const isLocalModule = options.isLocalModule ?? (() => false);
    findings.push(...findUndeclaredImports(imports.imports, options.declared, { pythonVersion: config.pythonVersion, isLocalModule }));
  }
  const kept = applySuppressions(
    findings.filter((f) => isRuleEnabled(config, f.ruleId) && passesThresholds(config, f)),
    source,
  );
  kept.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return metrics ? { findings: kept, metrics } : { findings: kept };
}
