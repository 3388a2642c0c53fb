import * as fs from 'node:fs';
import * as path from 'node:path';
import { HashMismatchError, type ArtifactCache, type CachedArtifact } from '../cache/artifactCache';
import { gateReason, pipError, tail } from '../gate/gateReasons';
import type { GateRequirement } from '../gate/gateRequirement';
import type { GateSandbox, GateSandboxes } from '../gate/gateSandboxes';
import { probeSetup, readProbeEvents, type ProbeSetup } from '../gate/probeCalls';
import { eventsOfPackage } from '../gate/probe/eventsOfPackage';
import type { Mount } from '../../sandbox/engine';
import type { BehaviorEvent, Reason } from '../reasons';
import { parseDistFilename } from './distFilename';
import { fetchRefusedArchive } from './fetchRefused';
import { regularFiles, type HostScratch } from './hostScratch';
import type { IndexAccess } from './indexAccess';

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
const BUILD_TIMEOUT_MS = 5 * 60_000;
/** pip must never sit on an unreachable index: PIP_DEFAULT_TIMEOUT may be minutes. */
const PIP_NETWORK_ARGS = ['--retries', '0', '--timeout', '15', '--progress-bar', 'off', '--no-input', '--disable-pip-version-check'];
/** The sandbox's pip ignores any configuration it could find (the host's is passed explicitly, as arguments). */
export const SANDBOX_PIP_ENV = { PIP_CONFIG_FILE: '/dev/null', PIP_NO_CACHE_DIR: '1', PYTHONDONTWRITEBYTECODE: '1' };

export interface IngestedPackage {
  name: string;
  version: string;
  /** The file pip downloaded (wheel or sdist), in the cache; missing when refused (hash mismatch). */
  downloaded?: CachedArtifact;
  /** What the test phase installs: the downloaded wheel, or the wheel built from the sdist. */
  wheel?: CachedArtifact;
  reasons: Reason[];
  /** Behaviour recorded while building (sdists): phase `install`. */
  events: BehaviorEvent[];
}

export interface IngestResult {
  packages: IngestedPackage[];
  /** The download as a whole failed (nothing resolvable): pip's words. */
  failure?: Reason;
}

export interface IngestInput {
  sandboxes: GateSandboxes;
  access: IndexAccess;
  requirements: GateRequirement[];
  /** All requirements pinned and hashed: the set is complete, dependencies are not resolved again. */
  noDeps: boolean;
  /** Constraint lines (`-c`): pip may choose only versions they allow, dependencies included. */
  constraints: string[];
  /** pip's `--pre`. */
  pre: boolean;
  cache: ArtifactCache;
  scratch: HostScratch;
  helpersDir: string;
  progress: (message: string, pkg?: string) => void;
  /** The wheel already validated for this downloaded file (history): used as is, the sdist is not built again. */
  knownWheel?: (downloaded: CachedArtifact) => CachedArtifact | undefined;
}

/**
 * Phase 1: resolve and download inside a sandbox whose only reachable places are the indexes
 * (local ones mounted read-only, network only for remote ones), build sdists into wheels there with
 * the audit hook on, copy the files out into the content-addressed cache, checking `--hash` values.
 */
export async function ingest(input: IngestInput): Promise<IngestResult> {
  const { access, progress } = input;
  if (access.network === 'bridge') progress(`the ingest sandbox gets network access to download from ${access.remote.join(', ')}: ${input.sandboxes.bridgeNetwork}, for this step only`);
  const sandbox = await input.sandboxes.create('ingest', { network: access.network, mounts: [...access.mounts, ...localRequirementMounts(input.requirements), ...probeSetup(input.helpersDir).mounts] });
  try {
    const probe = await probeSetup(input.helpersDir).activate(sandbox);
    const downloaded = await download(input, sandbox, probe);
    if ('failure' in downloaded) return { packages: [], failure: downloaded.failure };
    const packages = await cachePackages(input, sandbox, probe, downloaded);
    return { packages };
  } finally {
    await input.sandboxes.remove(sandbox).catch(() => undefined);
  }
}

/** Directories of local requirement files (`name @ file:///…/x.whl`), read-only at the same path. */
function localRequirementMounts(requirements: GateRequirement[]): Mount[] {
  const dirs = new Set<string>();
  for (const r of requirements) {
    if (!r.localPath || !fs.existsSync(r.localPath)) continue;
    dirs.add(fs.statSync(r.localPath).isDirectory() ? r.localPath : path.dirname(r.localPath));
  }
  return [...dirs].map((dir) => ({ hostPath: dir, sandboxPath: dir, readOnly: true }));
}

interface Downloaded {
  files: string[];
  /** Behaviour while resolving (sdists' metadata hooks ran), per attempt that succeeded. */
  events: BehaviorEvent[];
  /** Requirements pip could not fetch or prepare (a failing setup.py): judged without the others. */
  refused: IngestedPackage[];
}

const CONSTRAINTS_FILE = 'constraints.txt';

/** What narrows pip's choices as the user asked: their constraints (copied into the sandbox's gate dir) and `--pre`. */
function resolverArgs(input: IngestInput, work: string): string[] {
  return [...(input.constraints.length > 0 ? ['-c', `${work}/gate/${CONSTRAINTS_FILE}`] : []), ...(input.pre ? ['--pre'] : [])];
}

async function download(input: IngestInput, sandbox: GateSandbox, probe: ProbeSetup): Promise<Downloaded | { failure: Reason }> {
  const work = sandbox.workDir;
  const staging = input.scratch.sub('ingest');
  fs.mkdirSync(path.join(staging, 'events'), { recursive: true });
  if (input.constraints.length > 0) fs.writeFileSync(path.join(staging, CONSTRAINTS_FILE), `${input.constraints.join('\n')}\n`);
  await sandbox.copyIn(staging, `${work}/gate`);
  const started = Date.now();
  const refused: IngestedPackage[] = [];
  let remaining = [...input.requirements];
  let isolation = false;
  for (let attempt = 1; ; attempt++) {
    const file = path.join(staging, `requirements-${attempt}.txt`);
    fs.writeFileSync(file, remaining.map((r) => r.pipLine).join('\n') + '\n');
    await sandbox.copyIn(file, `${work}/gate/requirements-${attempt}.txt`);
    const eventsPath = `${work}/gate/events/download-${attempt}.jsonl`;
    const argv = [sandbox.python, '-m', 'pip', 'download', '--dest', `${work}/dl`, ...PIP_NETWORK_ARGS, ...input.access.pipArgs, ...(isolation ? [] : ['--no-build-isolation']), ...(input.noDeps ? ['--no-deps'] : []), ...resolverArgs(input, work), '-r', `${work}/gate/requirements-${attempt}.txt`];
    input.progress(`resolving and downloading ${remaining.length} requirement(s)${input.noDeps ? ' (pinned with hashes: no dependency resolution)' : ' and their dependencies'}`);
    const result = await sandbox.exec(argv, { env: { ...SANDBOX_PIP_ENV, ...probe.env('install', eventsPath, [`${work}/dl`]) }, timeoutMs: DOWNLOAD_TIMEOUT_MS });
    if (result.cancelled) throw new Error('cancelled');
    const events = await readProbeEvents(sandbox, eventsPath, input.scratch);
    if (result.exitCode === 0) {
      const local = path.join(input.scratch.dir, 'dl');
      await sandbox.copyOut(`${work}/dl`, local);
      const files = regularFiles(local);
      input.progress(`downloaded ${files.length} file(s) in ${Date.now() - started} ms`);
      return { files, events, refused };
    }
    // A build backend the venv lacks: let pip fetch it (build isolation) from the index, once.
    if (!isolation && /BackendUnavailable|No module named|Cannot import|invalid command 'bdist_wheel'|No matching distribution found for (setuptools|wheel|hatchling|flit|poetry|pdm|scikit|meson)/i.test(result.stderr) && !input.access.pipArgs.includes('--no-index')) {
      isolation = true;
      continue;
    }
    let culprits = blamed(remaining, result);
    if (culprits.length === 0 && remaining.length > 1) {
      // pip named no requirement of ours (a dependency failed, or a conflict): each is tried alone, on its own error.
      culprits = await aloneFailing(input, sandbox, remaining, isolation, attempt);
      if (culprits.length === 0) return { failure: gateReason('downloadFailed', `the requirements cannot be resolved together, though each resolves alone (${pipWhy(result)})`, { evidence: tail(result.stderr) }) };
    } else if (culprits.length === 0) culprits = [{ requirement: remaining[0], result }];
    for (const { requirement: culprit, result: own } of culprits) {
      input.progress(`pip failed on ${culprit.name}: judged on its own${remaining.length > culprits.length ? ', the others are downloaded again without it' : ''}`, culprit.name);
      const fetched = await fetchRefusedArchive(sandbox, own.stdout + own.stderr, `${work}/dl`, culprit.name);
      if (fetched) input.progress(`kept ${path.basename(fetched)}, the file pip refused, for the static inspection`, culprit.name);
      refused.push({ name: culprit.name, version: culprit.pinnedVersion ?? '', reasons: [refusal(input, culprit, own, fetched !== undefined)], events: eventsOfPackage(events, { name: culprit.name, modules: [] }) });
    }
    remaining = remaining.filter((r) => !culprits.some((c) => c.requirement === r));
    if (remaining.length === 0) {
      const local = path.join(input.scratch.dir, 'dl');
      await sandbox.copyOut(`${work}/dl`, local).catch(() => undefined);
      return { files: regularFiles(local), events: [], refused };
    }
  }
}

interface PipRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  reason?: string;
}

interface Culprit {
  requirement: GateRequirement;
  /** The pip run whose error is this requirement's own. */
  result: PipRun;
}

function pipWhy(result: PipRun): string {
  return `${result.reason ?? `pip exited with ${result.exitCode}`}: ${pipError(result.stderr)}`;
}

/** pip found no file for it in any location it looked in (as opposed to a file it could not prepare). */
function notFound(result: PipRun): boolean {
  return /No matching distribution found|Could not find a version that satisfies|from versions: none/i.test(result.stderr);
}

/** The reason a requirement pip refused is judged on: its own error, and for "not found" every location pip looked in. */
function refusal(input: IngestInput, requirement: GateRequirement, result: PipRun, fetched: boolean): Reason {
  const evidence = { evidence: tail(result.stderr) };
  if (notFound(result) && !fetched) {
    const where = input.access.tried.length ? input.access.tried.join('; ') : 'no location';
    const remote = input.access.remote.length ? `. Remote locations were reached through ${input.sandboxes.bridgeNetwork}; pip reports nothing when one cannot be reached` : '';
    return gateReason('notFound', `pip found no version of ${requirement.requested} (${pipWhy(result)}). Looked in: ${where}${remote}. Check the name and version, or the index settings`, evidence);
  }
  const whatNow = fetched
    ? 'it could not be run here, so its behaviour is unknown; its files were inspected statically (other reasons, if any)'
    : 'its files could not be fetched, so nothing is known about it; check the name and version, and the index settings';
  return gateReason('downloadFailed', `pip could not download or prepare ${requirement.name} (${pipWhy(result)}): ${whatNow}`, evidence);
}

/** The requirements pip's error names (`No matching distribution found for x`), else the one it was collecting last. */
function blamed(remaining: GateRequirement[], result: PipRun): Culprit[] {
  const output = result.stdout + result.stderr;
  const named = [...output.matchAll(/(?:No matching distribution found for|Could not find a version that satisfies the requirement) (\S+)/g)].map((m) => projectName(m[1]));
  const found = remaining.filter((r) => named.includes(r.name));
  if (found.length) return found.map((requirement) => ({ requirement, result }));
  // pip named a project that is not one of ours: a dependency; which requirement pulled it in is found by trying each.
  if (named.length) return [];
  const collected = remaining.find((r) => r.name === lastCollected(output));
  return collected ? [{ requirement: collected, result }] : [];
}

/** Each requirement downloaded alone (its dependencies too): the ones that fail so, with their own pip error. */
async function aloneFailing(input: IngestInput, sandbox: GateSandbox, remaining: GateRequirement[], isolation: boolean, attempt: number): Promise<Culprit[]> {
  const work = sandbox.workDir;
  const staging = input.scratch.sub('ingest');
  const failing: Culprit[] = [];
  for (const [i, requirement] of remaining.entries()) {
    input.progress(`pip's error names no requirement given: trying ${requirement.name} alone`, requirement.name);
    const name = `alone-${attempt}-${i}.txt`;
    fs.writeFileSync(path.join(staging, name), `${requirement.pipLine}\n`);
    await sandbox.copyIn(path.join(staging, name), `${work}/gate/${name}`);
    const argv = [sandbox.python, '-m', 'pip', 'download', '--dest', `${work}/alone`, ...PIP_NETWORK_ARGS, ...input.access.pipArgs, ...(isolation ? [] : ['--no-build-isolation']), ...(input.noDeps ? ['--no-deps'] : []), ...resolverArgs(input, work), '-r', `${work}/gate/${name}`];
    const result = await sandbox.exec(argv, { env: SANDBOX_PIP_ENV, timeoutMs: DOWNLOAD_TIMEOUT_MS });
    if (result.cancelled) throw new Error('cancelled');
    if (result.exitCode !== 0) failing.push({ requirement, result });
  }
  return failing;
}

function projectName(requirement: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(requirement)?.[0].toLowerCase().replace(/[-_.]+/g, '-');
}

/** The project pip was working on when it failed: its last `Collecting name…` or `Processing /path/file` line. */
function lastCollected(output: string): string | undefined {
  const matches = [...output.matchAll(/^\s*(Collecting|Processing) (\S+)/gm)];
  const last = matches[matches.length - 1];
  if (!last) return undefined;
  if (last[1] === 'Processing') return parseDistFilename(path.basename(last[2]))?.name;
  return projectName(last[2]);
}

async function cachePackages(input: IngestInput, sandbox: GateSandbox, probe: ProbeSetup, downloaded: Downloaded): Promise<IngestedPackage[]> {
  const byName = new Map(input.requirements.map((r) => [r.name, r]));
  const packages: IngestedPackage[] = [...downloaded.refused];
  const refused = new Map(downloaded.refused.map((p) => [p.name, p]));
  const downloadEvents = downloaded.events;
  const files = downloaded.files;
  const sdists = files.filter((f) => parseDistFilename(path.basename(f))?.kind === 'sdist');
  for (const file of files) {
    const parsed = parseDistFilename(path.basename(file));
    if (!parsed) continue;
    const failed = refused.get(parsed.name);
    if (failed) {
      // Its file stays for the static inspection and is quarantined with the verdict; it is not built again.
      failed.version ||= parsed.version;
      failed.downloaded = await input.cache.add(file).catch(() => undefined);
      continue;
    }
    const pkg: IngestedPackage = { name: parsed.name, version: parsed.version, reasons: [], events: [] };
    packages.push(pkg);
    const expected = byName.get(parsed.name)?.hashes ?? [];
    try {
      pkg.downloaded = await input.cache.add(file, expected);
    } catch (error) {
      if (!(error instanceof HashMismatchError)) throw error;
      pkg.reasons.push(gateReason('hashMismatch', `${path.basename(file)} has sha256 ${error.actual}, which matches none of the --hash values given for ${parsed.name}; the file was refused (not cached, not installed)`, { file: path.basename(file), evidence: `expected ${error.expected.join(' or ')}` }));
      continue;
    }
    if (parsed.kind === 'wheel') {
      pkg.wheel = pkg.downloaded;
      continue;
    }
    const known = input.knownWheel?.(pkg.downloaded);
    if (known) {
      pkg.wheel = known;
      continue;
    }
    // pip ran the sdist's metadata hooks while resolving: with one sdist those events are its own.
    if (sdists.length === 1) pkg.events.push(...downloadEvents);
    else pkg.events.push(...downloadEvents.filter((e) => mentions(e, parsed.name)));
    await buildWheel(input, sandbox, probe, pkg);
  }
  return packages;
}

function mentions(event: BehaviorEvent, name: string): boolean {
  const text = `${event.detail} ${event.module ?? ''}`.toLowerCase().replace(/[-_.]+/g, '-');
  return text.includes(name);
}

/** Builds the sdist into a wheel inside the ingest sandbox, hook on: build-time behaviour is the package's. */
async function buildWheel(input: IngestInput, sandbox: GateSandbox, probe: ProbeSetup, pkg: IngestedPackage): Promise<void> {
  const sdist = pkg.downloaded!;
  const work = sandbox.workDir;
  const started = Date.now();
  input.progress(`building ${sdist.filename} into a wheel (setup code runs here, in the sandbox, recorded)`, pkg.name);
  const eventsPath = `${work}/gate/events/build-${pkg.name}.jsonl`;
  const outDir = `${work}/built/${pkg.name}`;
  const build = (isolation: boolean) =>
    sandbox.exec(
      [sandbox.python, '-m', 'pip', 'wheel', '--no-deps', ...(isolation ? [...PIP_NETWORK_ARGS, ...input.access.pipArgs] : ['--no-build-isolation', '--no-index', '--progress-bar', 'off']), '--wheel-dir', outDir, `${work}/dl/${sdist.filename}`],
      { env: { ...SANDBOX_PIP_ENV, ...probe.env('install', eventsPath, [`${work}/built`]) }, timeoutMs: BUILD_TIMEOUT_MS },
    );
  // The venv's own setuptools first (nothing to fetch); other build backends come from the index.
  let result = await build(false);
  if (result.exitCode !== 0 && !result.cancelled && !result.timedOut) result = await build(true);
  if (result.cancelled) throw new Error('cancelled');
  pkg.events.push(...(await readProbeEvents(sandbox, eventsPath, input.scratch)));
  if (result.exitCode !== 0) {
    pkg.reasons.push(gateReason('buildFailed', `building ${sdist.filename} failed (${result.reason ?? `exit ${result.exitCode}`}): ${tail(result.stderr, 2, 300)}`, { file: sdist.filename, evidence: tail(result.stderr) }));
    return;
  }
  const local = path.join(input.scratch.dir, `built-${pkg.name}`);
  await sandbox.copyOut(outDir, local);
  const wheel = regularFiles(local).find((f) => f.endsWith('.whl'));
  if (!wheel) {
    pkg.reasons.push(gateReason('buildFailed', `building ${sdist.filename} produced no wheel`, { file: sdist.filename }));
    return;
  }
  pkg.wheel = await input.cache.add(wheel);
  input.progress(`built ${path.basename(wheel)} in ${Date.now() - started} ms`, pkg.name);
}
