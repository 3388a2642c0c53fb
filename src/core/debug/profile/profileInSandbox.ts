import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verificationSourcesFor } from '../../environments/verificationSources';
import { describeSandboxDependencies, sandboxDependencies } from '../../environments/sandboxDependencies';
import type { GateDirs } from '../../packages/gate/request';
import type { Mount } from '../../sandbox/engine';
import { generateSandboxName } from '../../sandbox/names';
import type { SandboxServices } from '../../sandbox/sandboxServices';
import { selectEngine, type EngineChoice } from '../../sandbox/selectEngine';
import { installWheels, placeWheels } from '../installDependencies';
import type { SandboxDependenciesChoice } from '../launchConfig';
import { PathMapper } from '../pathMapper';
import { mapProfilePaths, parseProfileReport, type ProfileReport } from './profileReport';

/** Where the workspace and Snakepit's python/ helpers appear (read-only) inside a profiling sandbox. */
export const PROFILE_WORKSPACE_IN_SANDBOX = '/work/workspace';
export const PROFILE_HELPERS_IN_SANDBOX = '/tmp/snakepit-python';

export interface ProfileRequest {
  /** Host path of the Python file to profile; must be inside `workspaceFolder`. */
  program: string;
  args?: string[];
  /** Host directory mounted read-only into the sandbox. */
  workspaceFolder: string;
  /** The repository's python/ directory (findPythonHelpersDir()). */
  helpersDir: string;
  engine?: EngineChoice;
  /** The image or interpreter (default: the engine's default). */
  image?: string;
  /** The image container engines use when `image` is not given (a setting); host-dir engines ignore it. */
  containerImage?: string;
  timeoutMs?: number;
  /** The gate's history and artifact cache, where the workspace environment's verified wheels come from. Omitted: none are provided. */
  gateDirs?: GateDirs;
  /** `workspace` (default): install the verified wheels of the workspace's `.venv`; `none`: the sandbox's own packages only. */
  dependencies?: SandboxDependenciesChoice;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface ProfileRun {
  report: ProfileReport;
  /** Which engine ran it and why. */
  engine: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** What of the workspace environment was installed and what could not be provided, one line each. */
  dependencyNotes: string[];
}

const REPORT_NAME = '.snakepit-profile.json';

/**
 * Runs the program under cProfile in a fresh sandbox (network none, workspace read-only), reads the
 * statistics back with paths mapped to the host, and removes the sandbox whatever happens.
 */
export async function profileInSandbox(services: SandboxServices, request: ProfileRequest): Promise<ProfileRun> {
  const workspace = path.resolve(request.workspaceFolder);
  const program = path.resolve(request.program);
  if (!fs.existsSync(program) || !fs.statSync(program).isFile()) throw new Error(`${program} is not a file: choose the Python file to profile`);
  if (!program.startsWith(workspace + path.sep)) throw new Error(`${program} is outside the workspace folder ${workspace}: only workspace files are visible in the sandbox`);
  const selected = await selectEngine(request.engine ?? 'auto', services.engines);
  const { kind, traits } = selected.engine;
  const mounted = traits.hostFiles !== 'shared';
  const mounts: Mount[] = mounted
    ? [
        { hostPath: workspace, sandboxPath: PROFILE_WORKSPACE_IN_SANDBOX, readOnly: true },
        { hostPath: request.helpersDir, sandboxPath: PROFILE_HELPERS_IN_SANDBOX, readOnly: true },
      ]
    : [];
  const dependencies = request.gateDirs && request.dependencies !== 'none' ? await sandboxDependencies(workspace, verificationSourcesFor(request.gateDirs)) : undefined;
  const wheels = dependencies?.wheels ?? [];
  const placement = placeWheels(wheels, traits.hostFiles);
  mounts.push(...placement.mounts);
  const mapper = new PathMapper([{ hostRoot: workspace, sandboxRoot: mounted ? PROFILE_WORKSPACE_IN_SANDBOX : workspace }]);
  const sandboxProgram = mapper.toSandbox(program)!;
  if (request.signal?.aborted) throw new Error('profiling was cancelled');
  request.onProgress?.(selected.engine.isolated ? `creating a ${kind} sandbox (network: none, workspace read-only)` : 'creating a venv: NOT isolated, the program runs as you on this machine');
  const record = await services.manager.create(kind, { name: generateSandboxName('prof'), image: request.image ?? (traits.image === 'container' ? request.containerImage : undefined), purpose: 'ephemeral', network: 'none', mounts });
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-profile-'));
  try {
    const dependencyNotes: string[] = [];
    if (dependencies) {
      const outcome = await installWheels({ workDir: record.workDir, venvAtCreate: traits.venvAtCreate, run: (argv, options) => services.manager.exec(record.name, argv, { ...options, signal: request.signal }) }, wheels, placement.paths);
      dependencyNotes.push(...describeSandboxDependencies(dependencies, outcome));
      for (const note of dependencyNotes) request.onProgress?.(note);
    }
    const reportInSandbox = path.posix.join(record.workDir, REPORT_NAME);
    request.onProgress?.(`running ${path.basename(program)} under cProfile`);
    const result = await services.manager.exec(record.name, ['python3', '-m', 'snakepit_profile', '--out', reportInSandbox, sandboxProgram, ...(request.args ?? [])], {
      cwd: path.posix.dirname(sandboxProgram),
      env: { PYTHONPATH: mounted ? PROFILE_HELPERS_IN_SANDBOX : request.helpersDir, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      onStdout: (chunk) => request.onOutput?.(chunk.toString('utf8'), 'stdout'),
      onStderr: (chunk) => request.onOutput?.(chunk.toString('utf8'), 'stderr'),
    });
    if (result.cancelled) throw new Error('profiling was cancelled; the sandbox was removed');
    if (result.exitCode === null) throw new Error(`the program did not finish: ${result.reason ?? 'killed'}`);
    const hostReport = path.join(hostDir, 'profile.json');
    try {
      await services.manager.copyOut(record.name, reportInSandbox, hostReport);
    } catch (error) {
      throw new Error(`the profiler wrote no statistics (exit code ${result.exitCode}): ${mapper.textToHost(result.stderr).trim().slice(-500) || (error instanceof Error ? error.message : String(error))}`);
    }
    const report = mapProfilePaths(parseProfileReport(fs.readFileSync(hostReport, 'utf8')), (p) => mapper.toHost(p));
    return { report, engine: selected.reason, stdout: mapper.textToHost(result.stdout), stderr: mapper.textToHost(result.stderr), durationMs: result.durationMs, dependencyNotes };
  } finally {
    fs.rmSync(hostDir, { recursive: true, force: true });
    await services.manager.remove([record.name]);
  }
}
