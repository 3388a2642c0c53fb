import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GateProgress, ValidationReport } from '../packages/gate/report';
import type { GateDirs } from '../packages/gate/request';
import { validatePackages } from '../packages/gate/validatePackages';
import { listDistributions } from '../packages/target/captureTarget';
import { AuditLog } from '../state/auditLog';
import { gatedInstall, INTERCEPT_EXIT, type GateSettings } from './gatedInstall';
import type { InstallCommand, ParsedCommand } from './installCommand';
import type { InstallRecorder } from './installRecorder';
import { installTarget } from './installTarget';
import { parseInstallCommand } from './parseInstallCommand';
import { pipInterpreter } from './pipInterpreter';
import { moduleInvocation } from './pythonCommand';
import { findRealTool } from './realTool';
import { runTool, toolEnv } from './runTool';

/** The programs a shim stands in for, by what they are (the name typed may be `pip3.11`, `python3`). */
export type ShimKind = 'pip' | 'python' | 'uv' | 'pipx';

export const BYPASS_FLAG = '--snakepit-bypass';

export interface InterceptRun {
  kind: ShimKind;
  /** The name typed (`pip3`), looked up on PATH outside the shims; or a path. */
  invokedAs: string;
  args: string[];
  /** The real program when the shim already found it (SNAKEPIT_SHIM_REAL). */
  realTool?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  dirs: GateDirs;
  settings: GateSettings;
  recorder: InstallRecorder;
  say: (text: string) => void;
  onProgress?: (progress: GateProgress) => void;
  askWarn?: (report: ValidationReport) => Promise<boolean>;
  signal?: AbortSignal;
}

/** A command run through a shim (or `snakepit pip …`): installs through the gate, everything else unchanged. */
export async function runIntercepted(run: InterceptRun): Promise<number> {
  const bypass = run.args.includes(BYPASS_FLAG) || run.env.SNAKEPIT_BYPASS === '1';
  const args = run.args.filter((a) => a !== BYPASS_FLAG);
  const real = run.realTool ?? findRealTool(run.invokedAs, run.env.PATH);
  if (!real) {
    run.say(`snakepit: ${run.invokedAs}: not found on PATH (outside Snakepit's shims)\n`);
    return 127;
  }
  const env = toolEnv(run.env);
  const parsed = parse(run.kind, args);
  if (parsed.kind === 'pass-through') return runTool(real, args, env);
  if (parsed.kind === 'unreadable') {
    if (bypass) return bypassed(run, real, args, env, undefined);
    run.say(`snakepit: cannot read this install command (${parsed.message}); it was not run. Fix the command, or add ${BYPASS_FLAG} to run it unchecked.\n`);
    return INTERCEPT_EXIT.usage;
  }
  const python = await interpreterFor(run, real, parsed);
  if (bypass) return bypassed(run, real, args, env, python);
  if (!python || parsed.installer === 'uv-add' || parsed.installer === 'pipx') return gateThenRealTool(run, parsed, real, args, env);
  const editableArgs = run.kind === 'python' ? [...args.slice(0, args.length - moduleInvocation(args)!.moduleArgs.length), 'install', '--no-deps'] : ['install', '--no-deps'];
  return gatedInstall(parsed, {
    python,
    cwd: run.cwd,
    dirs: run.dirs,
    settings: run.settings,
    recorder: run.recorder,
    argv: [run.invokedAs, ...run.args],
    say: run.say,
    onProgress: run.onProgress,
    askWarn: run.askWarn,
    signal: run.signal,
    installEditables: (paths) => runTool(real, [...editableArgs, ...paths.flatMap((p) => ['-e', p])], env),
  });
}

function parse(kind: ShimKind, args: string[]): ParsedCommand {
  if (kind !== 'python') return parseInstallCommand(kind, args);
  const invocation = moduleInvocation(args);
  if (!invocation || invocation.module !== 'pip') return { kind: 'pass-through', reason: 'python without -m pip' };
  return parseInstallCommand('pip', invocation.moduleArgs);
}

/**
 * The interpreter whose environment changes. pip: `--python`, else pip's own interpreter; `python -m pip`:
 * that python; uv: `--python`, else VIRTUAL_ENV, else a `.venv` in the directory or a parent (uv's order),
 * `--system` the first python3 on PATH. Undefined for uv add and pipx (their tools own the environment).
 */
async function interpreterFor(run: InterceptRun, real: string, command: InstallCommand): Promise<string | undefined> {
  if (command.installer === 'uv-add' || command.installer === 'pipx') return undefined;
  if (command.python) return pythonPath(command.python, run);
  if (run.kind === 'python') return real;
  if (command.installer === 'pip') return pipInterpreter(real);
  if (command.system) return findRealTool('python3', run.env.PATH);
  if (run.env.VIRTUAL_ENV) return path.join(run.env.VIRTUAL_ENV, 'bin', 'python');
  for (let dir = run.cwd; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.venv', 'bin', 'python');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `--python` takes an interpreter path, a venv directory, or a name on PATH. */
function pythonPath(value: string, run: InterceptRun): string {
  const resolved = path.resolve(run.cwd, value);
  if (fs.existsSync(resolved)) return fs.statSync(resolved).isDirectory() ? path.join(resolved, 'bin', 'python') : resolved;
  return findRealTool(value, run.env.PATH) ?? value;
}

/** uv add and pipx manage their own environments: the gate judges the requirements, then the real tool runs unchanged. */
async function gateThenRealTool(run: InterceptRun, command: InstallCommand, real: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const report = await validatePackages(
    { specs: command.specs, requirementFiles: command.requirementFiles.map((f) => path.resolve(run.cwd, f)), indexUrl: command.indexUrl, extraIndexUrls: command.extraIndexUrls.length ? command.extraIndexUrls : undefined, findLinks: command.findLinks.length ? command.findLinks : undefined, noIndex: command.noIndex, engine: run.settings.engine, runtime: run.settings.runtime, image: run.settings.image, install: false, pinHashes: false, noCache: false },
    { signal: run.signal, onProgress: run.onProgress },
    run.dirs,
  );
  if (report.verdict === 'fail' || (report.verdict === 'warn' && !run.settings.allowWarn && !(run.askWarn && (await run.askWarn(report))))) {
    const bad = report.packages.filter((p) => p.verdict !== 'pass');
    run.say(`snakepit: refused (verdict ${report.verdict.toUpperCase()}): ${bad.map((p) => `${p.name} ${p.version}: ${p.reasons.slice(0, 3).map((r) => `${r.code} ${r.message}`).join('; ')}`).join(' | ')}; nothing was run\n`);
    return INTERCEPT_EXIT.refused;
  }
  run.say(`snakepit: verdict ${report.verdict.toUpperCase()} for ${report.packages.map((p) => `${p.name}==${p.version}`).join(', ')}; running ${path.basename(real)} (it fetches the files itself)\n`);
  return runTool(real, args, env);
}

/** The real installer, unchanged, recorded in the audit log and the environment's record as unverified. */
async function bypassed(run: InterceptRun, real: string, args: string[], env: NodeJS.ProcessEnv, python: string | undefined): Promise<number> {
  const parsed = parse(run.kind, args);
  const target = python && parsed.kind === 'install' ? await installTarget(python, parsed.location, run.cwd).catch(() => undefined) : undefined;
  const before = target ? await listDistributions(target.target).catch(() => '') : '';
  const started = Date.now();
  const runReal = () => runTool(real, args, env);
  const what = `${[run.invokedAs, ...run.args].join(' ')} (${BYPASS_FLAG}: unverified)`;
  const code = python && run.recorder.transaction ? await run.recorder.transaction(python, what, runReal) : await runReal();
  new AuditLog(path.join(run.dirs.stateDir, 'audit.jsonl')).append({ time: new Date(started).toISOString(), actor: 'intercept', sandbox: '-', operation: 'bypass', args: { argv: [run.invokedAs, ...run.args], cwd: run.cwd, ...(target ? { prefix: target.target.prefix } : {}) }, result: code === 0 ? 'ok' : 'error', ...(code === 0 ? {} : { error: `exit ${code}` }), durationMs: Date.now() - started });
  if (target) {
    const after = await listDistributions(target.target).catch(() => '');
    const old = new Set(before.split('\n'));
    const changed = after.split('\n').filter((line) => line && !old.has(line)).map((line) => ({ name: line.split('==')[0], version: line.split('==')[1] ?? '' }));
    run.recorder.record({ time: new Date(started).toISOString(), prefix: target.target.prefix, python: python!, state: 'unverified', packages: changed, command: [run.invokedAs, ...run.args] });
  }
  run.say(`snakepit: ${BYPASS_FLAG}: ran ${real} unchecked (recorded in the audit log as unverified)\n`);
  return code;
}
