import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CachedArtifact } from '../cache/artifactCache';
import type { HostScratch } from '../ingest/hostScratch';
import { SANDBOX_PIP_ENV } from '../ingest/ingest';
import { MAX_SUBMODULES } from '../inspect/topLevelModules';
import type { BehaviorEvent, Reason } from '../reasons';
import { gateReason, tail } from './gateReasons';
import type { GateSandbox, GateSandboxes } from './gateSandboxes';
import { parseImportResult, parseProbeEvents, type ModuleImport, type ProbeEvent } from './probe';
import { probeSetup, readProbeEvents, readSandboxFile, type ProbeSetup } from './probeCalls';
import { syscallWitness, type SyscallWitness } from './witness';

const INSTALL_TIMEOUT_MS = 5 * 60_000;
const PIP_CHECK_TIMEOUT_MS = 60_000;
export const IMPORT_TIMEOUT_SECONDS = 20;
export const IMPORT_MEMORY_LIMIT_MB = 512;
export const TEST_SCRIPT_TIMEOUT_MS = 120_000;
/** The probe runs at most this many console scripts of one distribution (python/snakepit_probe/import_modules.py). */
const MAX_SCRIPTS_PER_DISTRIBUTION = 8;

export interface PackageUnderTest {
  name: string;
  version: string;
  wheel: CachedArtifact;
  /** Top-level modules to import, filled in from `TestInput.modules` once the static inspection has them. */
  modules: string[];
  /** False when the history already judged it: installed (others may need it) but not probed. */
  probe: boolean;
}

export interface PackageTestResult {
  events: BehaviorEvent[];
  imports: ModuleImport[];
  reasons: Reason[];
}

export interface TestInput {
  sandboxes: GateSandboxes;
  packages: PackageUnderTest[];
  /** Top-level modules per package (the static inspection, running on the host meanwhile): awaited only before the imports. */
  modules: Promise<Map<string, string[]>>;
  testScript?: string;
  /** The packages the user asked for: the test script's behaviour is theirs. */
  requested: Set<string>;
  scratch: HostScratch;
  helpersDir: string;
  progress: (message: string, pkg?: string) => void;
  /** Told once whether the imports ran under the system-call trace (and why not). */
  onSyscallTrace?: (traced: boolean, why?: string) => void;
}

/**
 * Phase 2: a fresh sandbox without network installs exactly the cached wheels (`--no-index --no-deps
 * --require-hashes`), imports every top-level module under the audit hook, runs `pip check` and the
 * user's test script. Results per package.
 */
export async function testPackages(input: TestInput, sandbox?: GateSandbox): Promise<Map<string, PackageTestResult>> {
  const results = new Map<string, PackageTestResult>(input.packages.map((p) => [p.name, { events: [], imports: [], reasons: [] }]));
  const probe = probeSetup(input.helpersDir);
  const own = sandbox ?? (await input.sandboxes.create('test', { network: 'none', mounts: probe.mounts }));
  try {
    const hook = await probe.activate(own);
    const work = own.workDir;
    await own.copyIn(stage(input, `${work}/in`), `${work}/in`);
    const at = (name: string) => `${work}/in/events/${name}.jsonl`;

    // Whether strace can trace in this sandbox: asked while pip installs.
    const witnessing = syscallWitness(own);
    let started = Date.now();
    input.progress(`installing ${input.packages.length} verified file(s) with --no-index --no-deps --require-hashes`);
    const install = await own.exec([own.python, '-m', 'pip', 'install', '--no-index', '--no-deps', '--require-hashes', '--no-compile', '--progress-bar', 'off', '--disable-pip-version-check', '-r', `${work}/in/install.txt`], {
      env: { ...SANDBOX_PIP_ENV, ...hook.env('install', at('install')) },
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
    cancelledCheck(install);
    spread(results, input, await readProbeEvents(own, at('install'), input.scratch));
    if (install.exitCode !== 0) {
      const blamed = input.packages.filter((p) => new RegExp(`\\b${p.wheel.filename.split('-')[0]}\\b`, 'i').test(install.stderr));
      for (const pkg of blamed.length ? blamed : input.packages) {
        results.get(pkg.name)!.reasons.push(gateReason('installFailed', `pip could not install the verified files (${install.reason ?? `exit ${install.exitCode}`}): ${tail(install.stderr, 2, 300)}`, { file: pkg.wheel.filename, evidence: tail(install.stderr) }));
      }
      return results;
    }
    input.progress(`installed in ${Date.now() - started} ms`);

    started = Date.now();
    // pip check only reads metadata: it runs beside the imports.
    const checking = own.exec([own.python, '-m', 'pip', 'check', '--disable-pip-version-check'], { env: SANDBOX_PIP_ENV, timeoutMs: PIP_CHECK_TIMEOUT_MS });
    const witness = await witnessing;
    input.onSyscallTrace?.(witness.available, witness.unavailableBecause);
    const modulesOf = await input.modules;
    for (const pkg of input.packages) pkg.modules = modulesOf.get(pkg.name) ?? [];
    const modules = input.packages.filter((p) => p.probe).flatMap((p) => p.modules);
    if (modules.length > 0) {
      input.progress(`importing ${modules.length} module(s) under the audit hook (top-level ones, and up to ${MAX_SUBMODULES} submodules per package): ${modules.slice(0, 8).join(', ')}${modules.length > 8 ? ', …' : ''}`);
      // Two probe runs side by side (each module still in a child of its own): an endless import costs its time limit once, not per run.
      // A module's submodules go with it: they are imported in its child, after it (see import_modules.py).
      const tops = [...new Set(modules.map((m) => m.split('.')[0]))];
      const family = (i: number) => modules.filter((m) => tops.indexOf(m.split('.')[0]) % 2 === i);
      const groups = [family(0), family(1)].filter((g) => g.length > 0);
      // The first run also runs the console scripts the probed distributions declare.
      const scriptsOf = input.packages.filter((p) => p.probe).map((p) => p.name);
      const runs = await Promise.all(groups.map((group, i) => probeImports(own, hook, group, `${work}/in/imports-${i}.json`, at(`import-${i}`), input.scratch, i === 0 ? scriptsOf : [], witness, `${work}/in/syscalls-${i}.strace`)));
      for (const run of runs) {
        for (const pkg of input.packages) results.get(pkg.name)!.imports.push(...run.imports.filter((m) => pkg.modules.includes(m.name.split('.')[0])));
        spread(results, input, run.events);
        if (run.failure) for (const pkg of input.packages.filter((p) => p.probe && p.modules.some((m) => run.modules.includes(m)))) results.get(pkg.name)!.reasons.push(run.failure);
      }
      input.progress(`imports done in ${Date.now() - started} ms`);
    }
    const check = await checking;
    cancelledCheck(check);
    if (check.exitCode !== 0) blamePipCheck(results, input.packages, check.stdout + check.stderr);
    input.progress(`pip check ${check.exitCode === 0 ? 'clean' : 'reports problems'}`);

    if (input.testScript) await runTestScript(input, own, hook.env('test', at('test')), results, at('test'));
    return results;
  } finally {
    await input.sandboxes.remove(own).catch(() => undefined);
  }
}

interface ProbeRun {
  modules: string[];
  imports: ModuleImport[];
  events: ProbeEvent[];
  failure?: Reason;
}

async function probeImports(sandbox: GateSandbox, hook: ProbeSetup, modules: string[], resultPath: string, eventsPath: string, scratch: HostScratch, entryPointsOf: string[], witness: SyscallWitness, tracePath: string): Promise<ProbeRun> {
  const command = hook.importCommand({ modules, eventsPath, resultPath, timeoutSeconds: IMPORT_TIMEOUT_SECONDS, memoryLimitMb: IMPORT_MEMORY_LIMIT_MB, entryPointsOf });
  const children = modules.length + entryPointsOf.length * MAX_SCRIPTS_PER_DISTRIBUTION;
  const probed = await sandbox.exec(witness.wrap(command.argv, tracePath), { env: command.env, timeoutMs: (IMPORT_TIMEOUT_SECONDS + 5) * 1000 * children + 30_000 });
  cancelledCheck(probed);
  const eventsText = (await readSandboxFile(sandbox, eventsPath, scratch)) ?? '';
  const events = [...parseProbeEvents(eventsText), ...(await witness.unseen(tracePath, eventsText, scratch))];
  try {
    return { modules, imports: parseImportResult((await readSandboxFile(sandbox, resultPath, scratch)) ?? ''), events };
  } catch (error) {
    const why = `${(error as Error).message} (${probed.reason ?? `exit ${probed.exitCode}`}: ${tail(probed.stderr, 2, 200)})`;
    return { modules, imports: [], events, failure: gateReason('probeFailed', `the import probe did not finish: ${why}`, { evidence: tail(probed.stderr) }) };
  }
}

function cancelledCheck(result: { cancelled: boolean }): void {
  if (result.cancelled) throw new Error('cancelled');
}

/** The files copied into the test sandbox: the wheels, the hash-pinned install list, an events directory. */
function stage(input: TestInput, inSandbox: string): string {
  const dir = input.scratch.sub('test-in');
  fs.mkdirSync(path.join(dir, 'events'), { recursive: true });
  const lines: string[] = [];
  for (const pkg of input.packages) {
    fs.copyFileSync(pkg.wheel.path, path.join(dir, pkg.wheel.filename));
    fs.chmodSync(path.join(dir, pkg.wheel.filename), 0o644);
    lines.push(`${inSandbox}/${pkg.wheel.filename} --hash=sha256:${pkg.wheel.sha256}`);
  }
  fs.writeFileSync(path.join(dir, 'install.txt'), lines.join('\n') + '\n');
  if (input.testScript) fs.copyFileSync(input.testScript, path.join(dir, `test_${path.basename(input.testScript)}`));
  return dir;
}

/**
 * An event belongs to the package whose code asked for it (the origin frame's file in site-packages: urllib3's
 * own socket call while `requests` is imported is urllib3's), else to the package whose module was being
 * imported; what neither tells goes to every package probed.
 */
function spread(results: Map<string, PackageTestResult>, input: TestInput, events: ProbeEvent[]): void {
  const ownerOf = (module: string | undefined) => (module ? input.packages.find((p) => p.modules.includes(module)) : undefined);
  for (const event of events) {
    const originFile = /\/(?:site|dist)-packages\/([^/]+?)(?:\.py)?(?:\/|:)/.exec(event.origin ?? '')?.[1];
    const owner = ownerOf(originFile) ?? ownerOf(event.module?.split('.')[0]);
    const targets = owner ? [owner] : input.packages.filter((p) => p.probe);
    for (const pkg of targets) results.get(pkg.name)!.events.push(event);
  }
}

/** `pip check` lines start with the broken project's name: `foo 1.0 requires bar, which is not installed.` */
function blamePipCheck(results: Map<string, PackageTestResult>, packages: PackageUnderTest[], output: string): void {
  for (const line of output.split('\n')) {
    const name = line.trim().split(/\s+/)[0]?.toLowerCase().replace(/[-_.]+/g, '-');
    const pkg = packages.find((p) => p.name === name);
    if (pkg) results.get(pkg.name)!.reasons.push(gateReason('pipCheckFailed', `pip check: ${line.trim()}`, { evidence: line.trim() }));
  }
}

async function runTestScript(input: TestInput, sandbox: GateSandbox, env: Record<string, string>, results: Map<string, PackageTestResult>, eventsPath: string): Promise<void> {
  const script = `${sandbox.workDir}/in/test_${path.basename(input.testScript!)}`;
  const started = Date.now();
  input.progress(`running the test script ${path.basename(input.testScript!)} (no network, limits on, ${TEST_SCRIPT_TIMEOUT_MS / 1000} s at most)`);
  const result = await sandbox.exec([sandbox.python, script], { env, timeoutMs: TEST_SCRIPT_TIMEOUT_MS });
  cancelledCheck(result);
  const events = await readProbeEvents(sandbox, eventsPath, input.scratch);
  const owners = input.packages.filter((p) => input.requested.has(p.name) && p.probe);
  for (const pkg of owners.length ? owners : input.packages) {
    const own = results.get(pkg.name)!;
    own.events.push(...events);
    if (result.exitCode === 0) continue;
    const script = path.basename(input.testScript!);
    if (result.exitCode === null) own.reasons.push(gateReason('testScriptKilled', `the test script ${script} ${result.reason ?? 'was killed'}`, { file: script, evidence: tail(result.stderr) }));
    else own.reasons.push(gateReason('testScriptFailed', `the test script ${script} exited with ${result.exitCode}: ${tail(result.stderr, 2, 300)}`, { file: script, evidence: tail(result.stderr) }));
  }
  input.progress(`test script ${result.exitCode === 0 ? 'passed' : 'failed'} (${Date.now() - started} ms)`);
}
