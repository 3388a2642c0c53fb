import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArtifactCache, type CachedArtifact } from '../packages/cache/artifactCache';
import { gateArtifactDir } from '../packages/gate/gatePaths';
import type { GateProgress, PackageValidation, ValidationReport } from '../packages/gate/report';
import type { GateDirs } from '../packages/gate/request';
import { validatePackages } from '../packages/gate/validatePackages';
import { normalizeName } from '../packages/names';
import { installVerified, InstallError } from '../packages/target';
import type { DockerRuntimeChoice } from '../sandbox/docker/runtimes';
import type { EngineChoice } from '../sandbox/selectEngine';
import type { InstallCommand } from './installCommand';
import type { InstallRecorder } from './installRecorder';
import { installTarget, type InstallTarget } from './installTarget';
import { asGateSpec } from './localRequirement';

/** The gate's settings for a command that carries no Snakepit flags (layered configuration, see config show). */
export interface GateSettings {
  engine: EngineChoice;
  runtime: DockerRuntimeChoice;
  image?: string;
  /** Install on a warn verdict without asking (`SNAKEPIT_ALLOW_WARN=1`). */
  allowWarn: boolean;
}

export interface GatedInstallContext {
  /** The interpreter whose environment the original command changes. */
  python: string;
  cwd: string;
  dirs: GateDirs;
  settings: GateSettings;
  recorder: InstallRecorder;
  /** The command as typed, for the record. */
  argv: string[];
  /** Messages for the user (stderr). */
  say: (text: string) => void;
  onProgress?: (progress: GateProgress) => void;
  /** Asked on a warn verdict when allowWarn is off; undefined when there is no terminal to ask on. */
  askWarn?: (report: ValidationReport) => Promise<boolean>;
  signal?: AbortSignal;
  /** After the verified wheels, editables (`-e PATH`) are installed by the real installer with `--no-deps`. */
  installEditables?: (paths: string[]) => Promise<number>;
}

/** Exit codes of an intercepted install: pip's own 0/1/2, so scripts that test them keep working. */
export const INTERCEPT_EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/**
 * The install the command asked for, through the gate: its requirements and index settings are validated;
 * on pass exactly the verified wheels go where the command would have put them (captured first, restored on
 * any failure); on fail or an unconfirmed warn nothing is touched and the exit code is 1.
 */
export async function gatedInstall(command: InstallCommand, ctx: GatedInstallContext): Promise<number> {
  if (command.root) {
    ctx.say(`snakepit: --root ${command.root} relocates the install; the gate cannot install verified files there. Run without --root, or with --snakepit-bypass to install unchecked.\n`);
    return INTERCEPT_EXIT.usage;
  }
  let where: InstallTarget;
  try {
    where = await installTarget(ctx.python, command.location, ctx.cwd);
  } catch (error) {
    ctx.say(`snakepit: ${(error as Error).message}\n`);
    return INTERCEPT_EXIT.usage;
  }
  let specs: string[];
  try {
    specs = [...command.specs, ...command.editables].map((spec) => asGateSpec(spec, ctx.cwd));
  } catch (error) {
    ctx.say(`snakepit: ${(error as Error).message}\n`);
    return INTERCEPT_EXIT.usage;
  }
  const report = await validatePackages(
    {
      specs,
      requirementFiles: command.requirementFiles.map((f) => path.resolve(ctx.cwd, f)),
      constraintFiles: command.constraintFiles.map((f) => path.resolve(ctx.cwd, f)),
      pre: command.pre,
      indexUrl: command.indexUrl,
      extraIndexUrls: command.extraIndexUrls.length ? command.extraIndexUrls : undefined,
      findLinks: command.findLinks.length ? command.findLinks : undefined,
      noIndex: command.noIndex,
      engine: ctx.settings.engine,
      runtime: ctx.settings.runtime,
      image: ctx.settings.image,
      install: false,
      pinHashes: false,
      noCache: false,
    },
    { signal: ctx.signal, onProgress: ctx.onProgress },
    ctx.dirs,
  );
  const reportPath = saveReport(ctx.dirs, report);
  if (report.verdict === 'fail') {
    ctx.say(refusal(report, reportPath, where));
    return INTERCEPT_EXIT.refused;
  }
  if (report.verdict === 'warn' && !ctx.settings.allowWarn) {
    ctx.say(summary(report, 'warn'));
    const confirmed = ctx.askWarn ? await ctx.askWarn(report) : false;
    if (!confirmed) {
      ctx.say(`snakepit: not installed: the verdict is WARN and ${ctx.askWarn ? 'it was not confirmed' : 'there is no terminal to confirm it on (set SNAKEPIT_ALLOW_WARN=1 to install warned packages)'}; ${where.description} is unchanged. Report: ${reportPath}\n`);
      return INTERCEPT_EXIT.refused;
    }
  }
  const editableNames = new Set(command.editables.map((e) => normalizeName(asGateSpec(e, ctx.cwd).split('@')[0].trim())));
  const wanted = command.noDeps ? requestedOnly(report, specs) : report.packages;
  let wheels: CachedArtifact[];
  try {
    wheels = verifiedWheels(ctx.dirs, wanted.filter((p) => !editableNames.has(normalizeName(p.name))));
  } catch (error) {
    ctx.say(`snakepit: ${(error as Error).message}; ${where.description} is unchanged\n`);
    return INTERCEPT_EXIT.refused;
  }
  if (wheels.length) {
    try {
      const createdDirs = ensureDirs(where);
      try {
        const install = () => installVerified(where.target, wheels, { signal: ctx.signal, pipArgs: where.pipArgs });
        const what = `install ${wheels.map((w) => w.filename).join(' ')} (verified by the gate; ${ctx.argv.join(' ')})`;
        await (ctx.recorder.transaction ? ctx.recorder.transaction(ctx.python, what, install) : install());
      } catch (error) {
        for (const dir of createdDirs.reverse()) fs.rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    } catch (error) {
      ctx.say(`snakepit: ${(error as Error).message}${error instanceof InstallError ? '' : `; ${where.description} is unchanged`}\n`);
      return INTERCEPT_EXIT.refused;
    }
  }
  const installed = wheels.map((w) => ({ ...nameVersion(w.filename), sha256: w.sha256 }));
  ctx.recorder.record({ time: new Date().toISOString(), prefix: where.target.prefix, python: ctx.python, state: 'verified', packages: installed, command: ctx.argv, reportPath });
  ctx.say(`snakepit: installed ${installed.length} verified package(s) into ${where.description}: ${installed.map((p) => `${p.name}==${p.version}`).join(', ') || '(none)'}\n`);
  if (command.editables.length && ctx.installEditables) {
    ctx.say(`snakepit: ${command.editables.join(', ')} passed (its build was traced in the sandbox); installing it editable with the real installer, --no-deps\n`);
    return ctx.installEditables(command.editables);
  }
  return INTERCEPT_EXIT.ok;
}

function requestedOnly(report: ValidationReport, specs: string[]): PackageValidation[] {
  const direct = report.packages.filter((p) => p.requested !== `${p.name}==${p.version}` || specs.some((s) => normalizeName(s.split(/[\s[<>=!~;@]/)[0]) === normalizeName(p.name)));
  return direct.length ? direct : report.packages;
}

function verifiedWheels(dirs: GateDirs, packages: PackageValidation[]): CachedArtifact[] {
  const cache = new ArtifactCache(gateArtifactDir(dirs));
  return packages.map((pkg) => {
    const ref = pkg.artifacts.find((a) => a.filename.endsWith('.whl'));
    const cached = ref && cache.get(ref.sha256);
    if (!cached) throw new Error(`no verified wheel of ${pkg.name} ${pkg.version} is in the cache (${ref ? `${ref.filename} was removed` : 'the gate kept none'})`);
    return cached;
  });
}

/** pip creates a --target or user site that does not exist yet; made here first so the capture covers it, and removed again if the install fails. */
function ensureDirs(where: InstallTarget): string[] {
  const created: string[] = [];
  for (const dir of where.target.sitePackages) {
    const first = fs.mkdirSync(dir, { recursive: true });
    if (first) created.push(first);
  }
  return created;
}

const nameVersion = (filename: string) => ({ name: normalizeName(filename.split('-')[0]), version: filename.split('-')[1] });

function saveReport(dirs: GateDirs, report: ValidationReport): string {
  const dir = path.join(dirs.stateDir, 'intercept', 'reports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

function summary(report: ValidationReport, verdict: 'fail' | 'warn'): string {
  const lines = [`snakepit: verdict ${report.verdict.toUpperCase()}`];
  for (const pkg of report.packages.filter((p) => p.verdict === verdict)) {
    lines.push(`  ${verdict === 'fail' ? '✗' : '!'} ${pkg.name} ${pkg.version}: ${pkg.verdict.toUpperCase()} (score ${pkg.score})`);
    const top = [...pkg.reasons].sort((a, b) => Number(b.fatal ?? false) - Number(a.fatal ?? false) || rank(b.severity) - rank(a.severity)).slice(0, 3);
    for (const reason of top) lines.push(`      ${reason.code} ${reason.severity}: ${reason.message}`);
  }
  return `${lines.join('\n')}\n`;
}

const rank = (severity: string) => ({ low: 0, medium: 1, high: 2 })[severity] ?? 0;

function refusal(report: ValidationReport, reportPath: string, where: InstallTarget): string {
  return `${summary(report, 'fail')}snakepit: refused: nothing was installed; ${where.description} is unchanged.\nsnakepit: report: ${reportPath}\nsnakepit: to install it anyway, unchecked: add --snakepit-bypass (recorded as unverified)\n`;
}
