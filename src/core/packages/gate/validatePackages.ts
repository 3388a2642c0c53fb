import { findPythonHelpersDir } from '../../pythonHelpers';
import { SandboxError } from '../../sandbox/engine';
import { createSandboxServices, type SandboxServices } from '../../sandbox/sandboxServices';
import { selectEngine } from '../../sandbox/selectEngine';
import { ArtifactCache, type CachedArtifact } from '../cache/artifactCache';
import { HostScratch } from '../ingest/hostScratch';
import { indexAccess } from '../ingest/indexAccess';
import { ingest, type IngestedPackage } from '../ingest/ingest';
import { readPipConfig, type IndexConfig } from '../ingest/pipConfig';
import { resolveIndexConfig } from '../ingest/resolveIndexConfig';
import { inspectPath } from '../inspect/inspectPath';
import type { Reason } from '../reasons';
import { scoreReasons } from '../score';
import { reasonsFromBehavior } from './behaviorReasons';
import { GATE_REASONS, gateReason } from './gateReasons';
import { identityReasons } from './identityCheck';
import { fullyHashed, type GateRequirement } from './gateRequirement';
import { GATE_RUNTIME_SETTING, GateSandboxes } from './gateSandboxes';
import { RULESET_VERSION, VerdictHistory } from './history';
import { finish } from './finish';
import { fromHistory, recordResolution, verdictForFiles } from './historyShortcut';
import { probeSetup } from './probeCalls';
import type { ProgressClock } from './progress';
import type { PackageValidation, ValidationReport } from './report';
import type { GateDirs, ValidateHooks, ValidateRequest } from './request';
import { IMPORT_MEMORY_LIMIT_MB, testPackages, type PackageTestResult, type PackageUnderTest } from './testPhase';
import { judgePackage, worstVerdict } from './verdict';
import { validateFromHistory, type HistoryMiss } from './validateFromHistory';
import { markRequested } from './markRequested';
import { nameDependencyChains } from './dependencyChains';

/**
 * The package gate: history → ingest → test → verdict → install or destroy. Every sandbox it makes is removed
 * before it returns (also on failure and on cancel through `hooks.signal`), and so is its temp dir.
 * `checked`: what validateFromHistory left, when the caller asked it first (the CLI, to load this module only then).
 */
export async function validatePackages(request: ValidateRequest, hooks: ValidateHooks, dirs: GateDirs, services?: SandboxServices, checked?: HistoryMiss): Promise<ValidationReport> {
  let miss = checked;
  if (!miss) {
    const first = await validateFromHistory(request, hooks, dirs);
    if ('report' in first) return first.report;
    miss = first.miss;
  }
  const { requirements, options, constraints, cache, history, clock } = miss;

  // pip's configuration takes pip's start-up time to read: meanwhile the engine is chosen.
  const pipConfig = miss.pipConfig ?? readPipConfig();
  pipConfig.catch(() => undefined);
  const { engines, manager, audit } = services ?? createSandboxServices(dirs.stateDir, 'gate');
  const selected = await selectEngine(request.engine, engines, { runtime: request.runtime ?? 'auto', setting: GATE_RUNTIME_SETTING });
  const engine = selected.engine;
  const warnings: string[] = [];
  if (!engine.isolated) {
    if (request.engine === 'auto') throw new SandboxError(`no isolating sandbox engine is available (${selected.reason})`, 'install Docker or bubblewrap; or, knowing that package code then runs as you on this machine, choose --engine venv explicitly');
    warnings.push('engine venv is NOT isolated: package code runs as you, on this machine, with your network and files (the audit hook only blocks what it sees)');
  }
  clock.phase('ingest')(`engine ${selected.reason}`);
  for (const warning of warnings) clock.phase('ingest')(`WARNING: ${warning}`);
  const image = request.image ?? (engine.traits.venvAtCreate ? undefined : engine.traits.defaultImage);
  const sandboxes = new GateSandboxes(manager, engine, audit, image, hooks.signal, request.runtime ?? 'auto');
  HostScratch.reapOrphans();
  const scratch = new HostScratch();
  const helpersDir = findPythonHelpersDir();
  try {
    const report = await runPhases({ request, hooks, requirements, options, constraints, cache, history, sandboxes, scratch, helpersDir, clock, engineKind: engine.kind, engineIsolated: engine.isolated, warnings, pipConfig });
    return report;
  } finally {
    const problems = await sandboxes.removeAll();
    scratch.dispose();
    clock.phase('destroy')(problems.length ? problems.join('; ') : 'sandboxes and temporary files removed');
  }
}

interface RunContext {
  request: ValidateRequest;
  hooks: ValidateHooks;
  requirements: GateRequirement[];
  options: HistoryMiss['options'];
  constraints: string[];
  cache: ArtifactCache;
  history: VerdictHistory;
  sandboxes: GateSandboxes;
  scratch: HostScratch;
  helpersDir: string;
  clock: ProgressClock;
  engineKind: ValidationReport['engine'];
  /** False when package code runs unisolated, as the user (the venv engine). */
  engineIsolated: boolean;
  warnings: string[];
  pipConfig: Promise<IndexConfig>;
  /** Where pip looked, once known (IndexAccess.tried). */
  indexes?: string[];
  /** Whether the imports ran under the system-call trace (set by the test phase). */
  syscallTrace?: ValidationReport['syscallTrace'];
}

async function runPhases(ctx: RunContext): Promise<ValidationReport> {
  const { request, hooks, requirements, clock } = ctx;
  const ingestProgress = clock.phase('ingest');
  const started = clock.elapsed();
  const access = indexAccess(resolveIndexConfig(request, ctx.options, await ctx.pipConfig));
  ctx.indexes = access.tried;
  // ingest() asks for its sandbox first thing; the test sandbox is queued right behind it and made while pip downloads.
  const ingesting = ingest({ sandboxes: ctx.sandboxes, access, requirements, constraints: ctx.constraints, pre: request.pre === true, noDeps: fullyHashed(requirements), cache: ctx.cache, scratch: ctx.scratch, helpersDir: ctx.helpersDir, progress: ingestProgress, knownWheel: (downloaded) => (request.noCache || request.testScript ? undefined : knownWheel(ctx, downloaded)) });
  const testSandbox = ctx.sandboxes.create('test', { network: 'none', mounts: probeSetup(ctx.helpersDir).mounts });
  testSandbox.catch(() => undefined);
  const ingested = await ingesting;
  const ingestMs = clock.elapsed() - started;
  hooks.signal?.throwIfAborted();
  const requestedOf = (name: string, version: string) => requirements.find((r) => r.name === name)?.requested ?? `${name}==${version}`;

  if (ingested.failure) {
    const packages = requirements.map((r) => judgePackage({ name: r.name, version: r.pinnedVersion ?? '', requested: r.requested, artifacts: [], reasons: [ingested.failure!], events: [], timings: { ingestMs, testMs: 0, totalMs: clock.elapsed() } }));
    for (const pkg of packages) remember(ctx, { name: pkg.name, version: pkg.version, reasons: pkg.reasons, events: [] }, pkg);
    return finish(request, hooks, report(ctx, packages), undefined, clock);
  }

  // History: identical files already judged under this ruleset are not tested again.
  const judged = new Map<string, PackageValidation>();
  if (!request.noCache && !request.testScript) {
    for (const pkg of ingested.packages) {
      const entry = pkg.downloaded && pkg.reasons.length === 0 ? verdictForFiles(ctx.history, pkg.downloaded) : undefined;
      if (entry) judged.set(pkg.name, fromHistory(entry, requestedOf(pkg.name, pkg.version), clock.elapsed()));
    }
    if (judged.size) ingestProgress(`${judged.size} package(s) served from the history (same files, ruleset ${RULESET_VERSION}): ${[...judged.keys()].join(', ')}`);
  }

  const testProgress = clock.phase('test');
  const testStarted = clock.elapsed();
  const installable = ingested.packages.filter((p) => p.wheel && p.reasons.length === 0);
  const fresh = installable.filter((p) => !judged.has(p.name));
  const inspections = inspectAll(ingested.packages.filter((p) => !judged.has(p.name) && (p.downloaded || p.wheel)), hooks.signal, testProgress);
  let tested = new Map<string, PackageTestResult>();
  if (fresh.length > 0) {
    const underTest: PackageUnderTest[] = installable.map((p) => ({ name: p.name, version: p.version, wheel: p.wheel!, modules: [], probe: !judged.has(p.name) }));
    const modules = inspections.then((found) => new Map([...found].map(([name, inspection]) => [name, inspection.modules])));
    tested = await testPackages({ sandboxes: ctx.sandboxes, packages: underTest, modules, testScript: request.testScript, requested: new Set(requirements.map((r) => r.name)), scratch: ctx.scratch, helpersDir: ctx.helpersDir, progress: testProgress, onSyscallTrace: (traced, why) => noteSyscallTrace(ctx, traced, why) }, await testSandbox);
  }
  const statics = await inspections;
  const testMs = clock.elapsed() - testStarted;
  hooks.signal?.throwIfAborted();

  const verdictProgress = clock.phase('verdict');
  const packages: PackageValidation[] = [];
  for (const pkg of ingested.packages) {
    const stored = judged.get(pkg.name);
    if (stored) {
      packages.push(stored);
      continue;
    }
    const test = tested.get(pkg.name) ?? { events: [], imports: [], reasons: [] };
    const inspection = statics.get(pkg.name);
    const reasons: Reason[] = [...pkg.reasons, ...(inspection?.reasons ?? []), ...reasonsFromBehavior([...pkg.events, ...test.events], test.imports, { memoryLimitKb: IMPORT_MEMORY_LIMIT_MB * 1024 }), ...test.reasons];
    if (pkg.wheel && inspection && inspection.modules.length === 0) reasons.push(gateReason('noModules', `${pkg.wheel.filename} has no top-level module to import: nothing was imported`, { file: pkg.wheel.filename }));
    if (!ctx.engineIsolated) reasons.push(gateReason('notIsolated', `validated with the ${ctx.engineKind} engine: package code ran unisolated, as you, on this machine`));
    const artifacts = [pkg.downloaded, pkg.wheel].filter((a): a is CachedArtifact => a !== undefined);
    const validation = judgePackage({ name: pkg.name, version: pkg.version, requested: requestedOf(pkg.name, pkg.version), artifacts, reasons, events: [...pkg.events, ...test.events], timings: { ingestMs, testMs, totalMs: clock.elapsed() } });
    packages.push(validation);
    verdictProgress(`${validation.verdict} (score ${validation.score})${validation.reasons.length ? `: ${validation.reasons.slice(0, 3).map((r) => r.code).join(', ')}` : ''}`, pkg.name);
    remember(ctx, pkg, validation);
  }
  // Which packages and files this requirement set ended with: lets a later run of it skip the sandbox (historyShortcut.ts).
  if (!request.noCache && !request.testScript && ctx.constraints.length === 0 && !request.pre && ingested.packages.length > 0 && ingested.packages.every((p) => p.downloaded && p.reasons.length === 0)) recordResolution(ctx.history, requirements, ingested.packages.map((p) => ({ name: p.name, version: p.version, sha256: p.downloaded!.sha256 })));
  const wheels = ingested.packages.every((p) => p.wheel) ? ingested.packages.map((p) => p.wheel!) : undefined;
  nameDependencyChains(packages, requirements, new Map([...statics].map(([name, inspection]) => [name, inspection.requires])));
  return finish(request, hooks, report(ctx, packages), wheels, clock);
}

/** The wheel that was tested for this downloaded file, when the history has its verdict and the cache still has the wheel. */
function knownWheel(ctx: RunContext, downloaded: CachedArtifact): CachedArtifact | undefined {
  const entry = verdictForFiles(ctx.history, downloaded);
  const ref = entry?.package.artifacts.find((a) => a.filename.endsWith('.whl'));
  return ref ? ctx.cache.get(ref.sha256) : undefined;
}

function report(ctx: RunContext, packages: PackageValidation[]): ValidationReport {
  markRequested(packages, ctx.requirements);
  const runtime = ctx.sandboxes.runtimes.test ?? ctx.sandboxes.runtimes.ingest;
  return { version: 1, verdict: worstVerdict(packages.map((p) => p.verdict)), engine: ctx.engineKind, ...(runtime ? { runtime } : {}), ...(ctx.syscallTrace ? { syscallTrace: ctx.syscallTrace } : {}), installed: false, packages, ...(ctx.warnings.length ? { warnings: ctx.warnings } : {}), ...(ctx.indexes ? { indexes: ctx.indexes } : {}) };
}


function noteSyscallTrace(ctx: RunContext, traced: boolean, why: string | undefined): void {
  ctx.syscallTrace = traced ? 'strace' : 'none';
  if (!traced) ctx.warnings.push(`imports were watched by the audit hook alone, without the system-call trace: ${why ?? 'strace is not available'}`);
}

const SCRIPT_CODES = new Set<string>([GATE_REASONS.testScriptFailed.code, GATE_REASONS.testScriptKilled.code]);

/**
 * Stores the verdict under the downloaded file's sha256 (not with a test script: that verdict is about the
 * script too); a package failed by its own files or behaviour is quarantined, not one failed only by the script.
 */
function remember(ctx: RunContext, pkg: IngestedPackage, validation: PackageValidation): void {
  if (!pkg.downloaded) {
    // Nothing to key it by, and nothing re-uses it; but the editor and the Validations view show what was tried and failed.
    if (validation.verdict === 'fail' && !ctx.request.testScript) ctx.history.record({ name: pkg.name, version: pkg.version, verdict: 'fail', score: validation.score, sha256s: [], rulesetVersion: RULESET_VERSION, validatedAt: new Date().toISOString(), engine: ctx.engineKind, package: validation });
    return;
  }
  const sha256s = [pkg.downloaded.sha256];
  if (!ctx.request.testScript) ctx.history.record({ name: pkg.name, version: pkg.version, verdict: validation.verdict, score: validation.score, sha256s, rulesetVersion: RULESET_VERSION, validatedAt: new Date().toISOString(), engine: ctx.engineKind, package: validation });
  const own = validation.reasons.filter((r) => !SCRIPT_CODES.has(r.code));
  if (scoreReasons(own).verdict === 'fail') {
    const why = own.filter((r) => r.fatal || r.severity === 'high').slice(0, 3).map((r) => `${r.code} ${r.message}`).join('; ');
    ctx.cache.quarantine(validation.artifacts.map((a) => a.sha256), `failed validation: ${why}`);
  }
}

interface Inspection {
  reasons: Reason[];
  modules: string[];
  /** Requires-Dist of the wheel (else of the downloaded file). */
  requires: string[];
}

/** Static inspection of every downloaded file (and built wheel), on the host: it reads, never runs. */
async function inspectAll(packages: IngestedPackage[], signal: AbortSignal | undefined, progress: (m: string, p?: string) => void): Promise<Map<string, Inspection>> {
  const results = new Map<string, Inspection>();
  await Promise.all(
    packages.map(async (pkg) => {
      const files = [pkg.downloaded, pkg.wheel].filter((a, i, all): a is CachedArtifact => a !== undefined && all.findIndex((b) => b?.sha256 === a.sha256) === i);
      const inspection: Inspection = { reasons: [], modules: [], requires: [] };
      for (const file of files) {
        const inspected = await inspectPath(file.path, { signal });
        inspection.reasons.push(...inspected.reasons.map((r) => ({ ...r, file: r.file ?? file.filename })), ...identityReasons(file, inspected));
        if (file === pkg.wheel) inspection.modules = [...inspected.topLevelModules, ...inspected.submodules];
        if (file === pkg.wheel || inspection.requires.length === 0) inspection.requires = inspected.requires;
      }
      results.set(pkg.name, inspection);
      progress(`static inspection: ${inspection.reasons.length} finding(s) in ${files.map((f) => f.filename).join(', ')}`, pkg.name);
    }),
  );
  return results;
}
