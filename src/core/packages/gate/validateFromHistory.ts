import { ArtifactCache, type CachedArtifact } from '../cache/artifactCache';
import { indexConfigWithoutPip } from '../ingest/indexListing';
import { readPipConfig, type IndexConfig } from '../ingest/pipConfig';
import { resolveIndexConfig } from '../ingest/resolveIndexConfig';
import { SandboxError } from '../../sandbox/engine';
import { finish } from './finish';
import { markRequested } from './markRequested';
import { gateArtifactDir, gateHistoryFile } from './gatePaths';
import { fullyHashed, type GateRequirement } from './gateRequirement';
import { RULESET_VERSION, VerdictHistory } from './history';
import { cachedWheels, fromHistory, verdictForHashes, verdictsFromIndexes } from './historyShortcut';
import { progressReporter, type ProgressClock } from './progress';
import type { PackageValidation, ValidationReport } from './report';
import type { GateDirs, ValidateHooks, ValidateRequest } from './request';
import { readRequirementsInput, type RequirementsInput } from './requirementsInput';
import { worstVerdict } from './verdict';

/** What the history could not answer, for the sandboxed phases to go on from (see validatePackages). */
export interface HistoryMiss {
  requirements: GateRequirement[];
  options: RequirementsInput['options'];
  constraints: string[];
  cache: ArtifactCache;
  history: VerdictHistory;
  clock: ProgressClock;
  /** pip's configuration, when the history check already started reading it. */
  pipConfig?: Promise<IndexConfig>;
}

/**
 * The gate's first step, with no sandbox and none of the sandboxed phases' code loaded: verdicts from the history when
 * every requirement is pinned with --hash, or is an exact == pin whose files the local indexes list (historyShortcut.ts).
 * `report` when that answered (installed or pinned too if asked), else what the sandboxed phases need.
 */
export async function validateFromHistory(request: ValidateRequest, hooks: ValidateHooks, dirs: GateDirs): Promise<{ report: ValidationReport } | { miss: HistoryMiss }> {
  const clock = progressReporter(hooks.onProgress);
  const { requirements, options, constraints } = await readRequirementsInput(request);
  if (requirements.length === 0) throw new SandboxError('nothing to validate: no requirement was given', 'name a package (`snakepit validate requests==2.32.3`) or a requirements file (`-r requirements.txt`)');
  const cache = new ArtifactCache(gateArtifactDir(dirs));
  const history = new VerdictHistory(gateHistoryFile(dirs));

  // A test script is the user's own and may change: its runs neither use nor feed the history.
  const useHistory = !request.noCache && !request.testScript;
  const hashed = useHistory && fullyHashed(requirements) ? fromHashes(history, requirements, clock.elapsed()) : undefined;
  // Exact == pins: the local indexes, listed on the host (no pip, no sandbox), may leave no doubt which files pip takes.
  let pipConfig: Promise<IndexConfig> | undefined;
  // Constraints and --pre change which dependencies pip takes: the last resolution of the same requirements does not say.
  const resolvesAsBefore = constraints.length === 0 && !request.pre;
  const listed = useHistory && !hashed && resolvesAsBefore ? await fromIndexes(request, options, history, requirements, () => (pipConfig ??= readPipConfig()), clock) : undefined;
  const remembered = hashed ?? listed;
  // To install, the wheels those verdicts were given for must still be in the cache; else validate again.
  const rememberedWheels: CachedArtifact[] | undefined = remembered && request.install ? cachedWheels(cache, remembered.packages) : undefined;
  if (remembered && (!request.install || rememberedWheels)) {
    if (hashed) clock.phase('verdict')(`every requirement is pinned with --hash and was validated before: verdicts from the history (ruleset ${RULESET_VERSION})`);
    else clock.phase('verdict')(`every requirement is pinned with == and every file the local indexes offer for it and its dependencies was validated before: verdicts from the history (ruleset ${RULESET_VERSION}), no sandbox`);
    markRequested(remembered.packages, requirements);
    const report: ValidationReport = { version: 1, verdict: worstVerdict(remembered.packages.map((p) => p.verdict)), engine: remembered.engine, installed: false, packages: remembered.packages };
    return { report: await finish(request, hooks, report, rememberedWheels, clock) };
  }
  return { miss: { requirements, options, constraints, cache, history, clock, pipConfig } };
}

type Remembered = { packages: PackageValidation[]; engine: ValidationReport['engine'] };

function fromHashes(history: VerdictHistory, requirements: GateRequirement[], elapsed: number): Remembered | undefined {
  const packages: PackageValidation[] = [];
  let engine: ValidationReport['engine'] = 'docker';
  for (const requirement of requirements) {
    const entry = verdictForHashes(history, requirement);
    if (!entry) return undefined;
    packages.push(fromHistory(entry, requirement.requested, elapsed));
    engine = entry.engine as ValidationReport['engine'];
  }
  return { packages, engine };
}

/** Verdicts for exact == pins from the history, the files listed from the local indexes on the host (see historyShortcut.ts); undefined: run the phases. */
async function fromIndexes(request: ValidateRequest, options: HistoryMiss['options'], history: VerdictHistory, requirements: GateRequirement[], pipConfig: () => Promise<IndexConfig>, clock: ProgressClock): Promise<Remembered | undefined> {
  if (requirements.some((r) => r.pinnedVersion === undefined || r.hashes.length > 0 || r.localPath)) return undefined;
  let found: ReturnType<typeof verdictsFromIndexes>;
  try {
    const config = indexConfigWithoutPip(request, options) ?? resolveIndexConfig(request, options, await pipConfig());
    found = verdictsFromIndexes(history, requirements, options, config, clock.elapsed, request.install || request.pinHashes);
  } catch (error) {
    found = { fallBack: (error as Error).message };
  }
  if ('fallBack' in found) {
    clock.phase('ingest')(`not answered from the history without a sandbox: ${found.fallBack}`);
    return undefined;
  }
  return { packages: found.packages, engine: found.engine as ValidationReport['engine'] };
}
