import { spanOf, type FileContext } from './context';
import { ImportScope, type ImportUnit } from './importScope';
import { isOptionalImport, type ImportSite } from './imports';
import { createMetricsAnalyzer, type HalsteadTotals, type MetricsAnalyzer, type MetricsDelta, type MetricsMark } from './metrics';
import type { Tree } from './parser';
import { createSecurityAnalyzer, type SecurityAnalyzer } from './security';
import type { StatementResults } from './analyzeSource';
import { createTaintAnalyzer, type TaintAnalyzer, type TaintState } from './taint';
import type { Finding, RawMetrics, Span } from './types';
import { Walker } from './walk';

/** An import statement, for SP100: its span and whether it is optional are read while its tree is at hand. */
export interface ImportSiteRecord {
  readonly module: string;
  readonly names: string[];
  readonly level: number;
  readonly span: Span;
  readonly optional: boolean;
}

/**
 * What one statement contributed to its file's analysis (positions are absolute for
 * `row`, the 0-based row it started on), and what it depends on besides its text
 * and the walk state it started in (see LiveAnalysis.stateKey).
 */
export interface StatementResult {
  readonly row: number;
  readonly security: Finding[];
  readonly taint: Finding[];
  readonly metrics: MetricsDelta;
  /** The answers it got from the imports before it, and the imports it made. */
  readonly imports: ImportUnit;
  readonly importSites: ImportSiteRecord[];
  /** The module's taint after it, when it read or bound module-level names (else it left the state as it was). */
  readonly taintAfter: TaintState | undefined;
  /** A rule read other top-level statements (B703 on a module-level name): the result holds for this text only. */
  readonly readsModuleBody: boolean;
}

/** Where a statement's measurement started. */
export interface StatementMark {
  readonly security: number;
  readonly taint: number;
  readonly sites: number;
  readonly metrics: MetricsMark;
  /** The module taint state at the start (its signature). */
  readonly taintBefore: string;
  readonly outerTouched: boolean;
  readonly outerReadsModuleBody: boolean;
}

/**
 * Every analyser of one file, walked piece by piece: a statement is either walked
 * (between `begin` and `end`, which measure what it contributed) or, when its earlier
 * result still holds, not walked at all and its result replayed by `apply`. Both
 * leave the analysers in the state a whole-file walk would.
 */
export class LiveAnalysis {
  readonly walker: Walker;
  private readonly imports = new ImportScope();
  private readonly security: SecurityAnalyzer;
  private readonly taint: TaintAnalyzer;
  private readonly metrics: MetricsAnalyzer;
  /** Import sites so far, in document order; the walked imports from `converted` on are not in it yet. */
  private readonly sites: ImportSiteRecord[] = [];
  private converted = 0;
  /** The module taint state's signature, and the scope version it is for. */
  private taintSignature = '';
  private taintVersion = -1;

  constructor(tree: Tree, source: string, path: string) {
    const ctx: FileContext = { path, source, tree, imports: this.imports };
    this.security = createSecurityAnalyzer(ctx, { applySuppressions: false, trojanSource: false });
    this.taint = createTaintAnalyzer(ctx);
    this.metrics = createMetricsAnalyzer(ctx);
    this.walker = new Walker([this.imports, this.security, this.taint, this.metrics]);
  }

  /** The walk state a statement's result depends on besides its text and the reads it recorded. */
  stateKey(): string {
    return `${this.metrics.stateKey()}|${this.taint.depthKey()}`;
  }

  /** Whether a result measured with these dependencies holds here. */
  allows(taintBefore: string | undefined, result: StatementResult): boolean {
    if (!this.imports.answersAsBefore(result.imports.reads)) return false;
    return taintBefore === undefined || taintBefore === this.taintKey();
  }

  begin(): StatementMark {
    const moduleScope = this.taint.moduleScope;
    const mark: StatementMark = {
      security: this.security.found.length,
      taint: this.taint.findings().length,
      sites: this.convertSites(),
      metrics: this.metrics.mark(),
      taintBefore: this.taintKey(),
      outerTouched: moduleScope.touched,
      outerReadsModuleBody: this.security.readsModuleBody,
    };
    this.imports.beginUnit();
    moduleScope.touched = false;
    this.security.readsModuleBody = false;
    return mark;
  }

  end(mark: StatementMark, row: number): StatementResult {
    const moduleScope = this.taint.moduleScope;
    const touched = moduleScope.touched;
    const readsModuleBody = this.security.readsModuleBody;
    const result: StatementResult = {
      row,
      security: this.security.found.slice(mark.security),
      taint: this.taint.findings().slice(mark.taint),
      metrics: this.metrics.since(mark.metrics),
      imports: this.imports.endUnit(),
      importSites: this.sites.slice(mark.sites, this.convertSites()),
      taintAfter: touched ? moduleScope.state() : undefined,
      readsModuleBody,
    };
    moduleScope.touched = mark.outerTouched || touched;
    this.security.readsModuleBody = mark.outerReadsModuleBody || readsModuleBody;
    return result;
  }

  apply(result: StatementResult): void {
    this.convertSites();
    this.security.found.push(...result.security);
    this.taint.findings().push(...result.taint);
    this.metrics.apply(result.metrics);
    this.imports.applyUnit(result.imports);
    this.sites.push(...result.importSites);
    if (result.taintAfter) {
      this.taint.moduleScope.restore(result.taintAfter);
      this.taint.moduleScope.touched = true;
    }
  }

  /** What the walk found; with `totals`, the module's Halstead counts are kept there. */
  results(raw?: RawMetrics, totals?: HalsteadTotals): StatementResults {
    this.convertSites();
    const metrics = this.metrics.part();
    return {
      raw,
      halstead: totals?.report(metrics.halstead),
      security: this.security.found,
      taint: this.taint.findings(),
      metrics: [metrics],
      imports: this.sites.map(importSite),
    };
  }

  /** The module taint state, as a string equal for equal states. */
  private taintKey(): string {
    const scope = this.taint.moduleScope;
    if (scope.version !== this.taintVersion) {
      this.taintSignature = signature(scope.state());
      this.taintVersion = scope.version;
    }
    return this.taintSignature;
  }

  /** Adds the walked imports not yet in `sites`; returns the number of sites. */
  private convertSites(): number {
    const records = this.imports.imports;
    for (; this.converted < records.length; this.converted++) {
      const { module, names, level, node } = records[this.converted];
      this.sites.push({ module, names, level, span: spanOf(node), optional: isOptionalImport(node) });
    }
    return this.sites.length;
  }
}

function importSite(site: ImportSiteRecord): ImportSite {
  return { module: site.module, names: site.names, level: site.level, span: () => site.span, optional: () => site.optional };
}

/** Equal for equal states, whatever order the names were bound in. */
function signature(state: TaintState): string {
  const entries = [...state.tainted].map(([name, taint]) => `${name}\u0001${taint.origin}\u0001${taint.building ?? ''}`);
  return `${state.bindsAttributes ? 1 : 0}\u0002${entries.sort().join('\u0002')}`;
}
