import { findingText } from '../../core/packages/gate/finding';
import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { RequirementsInputError } from '../../core/packages/gate/requirementsInput';
import { validateFromHistory } from '../../core/packages/gate/validateFromHistory';
import type { GateProgress, ValidationReport } from '../../core/packages/gate/report';
import type { ValidateRequest } from '../../core/packages/gate/request';
import { ENGINE_CHOICES, SandboxError } from '../../core/sandbox/engine';
import { DOCKER_RUNTIME_CHOICES, type DockerRuntimeChoice } from '../../core/sandbox/docker/runtimes';
import type { EngineChoice } from '../../core/sandbox/selectEngine';
import { CliError, ExitCode } from '../exitCodes';
import { cacheDir, stateDir } from '../paths';

/** Exit code after Ctrl-C: 128 + SIGINT, as shells report it (sandboxes were removed before exiting). */
export const EXIT_CANCELLED = 130;

interface ValidateFlags {
  requirement: string[];
  constraint: string[];
  pre: boolean;
  indexUrl?: string;
  extraIndexUrl: string[];
  findLinks: string[];
  index: boolean;
  engine: EngineChoice;
  runtime: DockerRuntimeChoice;
  image?: string;
  testScript?: string;
  install: boolean;
  python?: string;
  pinHashes: boolean;
  cache: boolean;
  format: 'text' | 'json';
  yes: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function checkReadable(file: string, what: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
  } catch {
    throw new CliError(`${what} ${file} cannot be read; check the path`);
  }
}

export function toRequest(specs: string[], flags: ValidateFlags): ValidateRequest {
  if (specs.length === 0 && flags.requirement.length === 0) throw new CliError('nothing to validate: give a requirement (`snakepit validate requests==2.32.3`) or a requirements file (`-r requirements.txt`)');
  for (const file of flags.requirement) checkReadable(file, 'requirements file');
  for (const file of flags.constraint) checkReadable(file, 'constraints file');
  if (flags.testScript) checkReadable(flags.testScript, 'test script');
  if (flags.pinHashes && flags.requirement.length === 0) throw new CliError('--pin-hashes rewrites requirements files: give one with -r');
  return {
    specs,
    requirementFiles: flags.requirement,
    constraintFiles: flags.constraint.length ? flags.constraint : undefined,
    pre: flags.pre || undefined,
    indexUrl: flags.indexUrl,
    extraIndexUrls: flags.extraIndexUrl.length ? flags.extraIndexUrl : undefined,
    findLinks: flags.findLinks.length ? flags.findLinks : undefined,
    noIndex: !flags.index,
    indexOrigins: { indexUrl: 'the --index-url option', extraIndexUrls: 'the --extra-index-url option', findLinks: 'the --find-links option', noIndex: 'the --no-index option' },
    engine: flags.engine,
    runtime: flags.runtime,
    image: flags.image,
    testScript: flags.testScript,
    install: flags.install,
    python: flags.python,
    pinHashes: flags.pinHashes,
    noCache: !flags.cache,
  };
}

function progressLine(progress: GateProgress): string {
  const seconds = (progress.elapsedMs / 1000).toFixed(1).padStart(6);
  return `${seconds}s ${progress.phase.padEnd(7)} ${progress.package ? `${progress.package}: ` : ''}${progress.message}\n`;
}

export function reportText(report: ValidationReport): string {
  const lines: string[] = [];
  // What the user asked for first, then the dependencies it pulled in (stable: pip's order within each).
  const ordered = [...report.packages].sort((a, b) => Number(b.direct ?? true) - Number(a.direct ?? true));
  for (const pkg of ordered) {
    const mark = pkg.verdict === 'pass' ? '✓' : pkg.verdict === 'warn' ? '!' : '✗';
    const finding = findingText(pkg.finding, pkg.notRunBecause);
    lines.push(`${mark} ${pkg.name} ${pkg.version}  ${pkg.verdict.toUpperCase()} (score ${pkg.score})${finding ? ` — ${finding}` : ''}${pkg.cached ? ' [from history]' : ''}  ${pkg.timings.totalMs} ms`);
    if (pkg.pulledInBy && pkg.verdict !== 'pass') lines.push(`    pulled in by ${pkg.pulledInBy.join(' → ')}`);
    for (const reason of pkg.reasons) {
      const where = reason.file ? ` (${reason.file}${reason.line ? `:${reason.line}` : ''})` : '';
      lines.push(`    ${reason.code} ${reason.severity.padEnd(6)} ${reason.message}${where}`);
    }
  }
  for (const warning of report.warnings ?? []) lines.push(`WARNING: ${warning}`);
  const failedDependencies = report.packages.filter((p) => p.verdict === 'fail' && p.pulledInBy);
  if (failedDependencies.length > 0) lines.push(`failing dependencies: ${failedDependencies.map((p) => p.pulledInBy!.join(' → ')).join('; ')}`);
  lines.push(`verdict: ${report.verdict.toUpperCase()} — ${report.packages.length} package(s), engine ${report.engine}${report.runtime ? ` (runtime ${report.runtime})` : ''}${report.syscallTrace === 'strace' ? ', imports under strace' : ''}`);
  if (report.installed) lines.push(`installed into ${report.target}`);
  else if (report.installSkipped) lines.push(`not installed: ${report.installSkipped}`);
  return `${lines.join('\n')}\n`;
}

async function validateCommand(specs: string[], flags: ValidateFlags): Promise<number> {
  const request = toRequest(specs, flags);
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ncancelling: stopping sandbox commands and removing the sandboxes…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const hooks = { signal: controller.signal, onProgress: (progress: GateProgress) => process.stderr.write(progressLine(progress)), confirmWarn: async () => flags.yes };
    const dirs = { cacheDir: cacheDir(), stateDir: stateDir() };
    // The history may answer without a sandbox; only otherwise is the gate's sandbox code loaded.
    const remembered = await validateFromHistory(request, hooks, dirs);
    const report = 'report' in remembered ? remembered.report : await (await import('../../core/packages/gate/validatePackages.js')).validatePackages(request, hooks, dirs, undefined, remembered.miss);
    process.stdout.write(flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
    return report.verdict === 'fail' ? ExitCode.findings : ExitCode.ok;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write('snakepit: validation cancelled; sandboxes and temporary files were removed\n');
      return EXIT_CANCELLED;
    }
    if (error instanceof RequirementsInputError || error instanceof SandboxError) throw new CliError(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate packages in a sandbox before installing: download, install, import under an audit hook, inspect, verdict')
    .argument('[specs...]', 'requirements as pip takes them (requests==2.32.3, "attrs>=23")', [])
    .option('-r, --requirement <file>', 'a requirements file (repeatable); its options (--index-url, --hash, …) apply', collect, [])
    .option('-c, --constraint <file>', 'a constraints file (repeatable): versions pip may choose, for dependencies too', collect, [])
    .option('--pre', 'pre-release and development versions may be chosen (as pip --pre)', false)
    .option('-i, --index-url <url>', "package index (default: the requirements file's, else pip's configuration)")
    .option('--extra-index-url <url>', 'additional index (repeatable)', collect, [])
    .option('--find-links <dir>', 'directory or URL with distribution files (repeatable)', collect, [])
    .option('--no-index', 'use only the --find-links locations')
    .addOption(new Option('--engine <engine>', 'sandbox engine (auto: docker, else podman, else bubblewrap; venv only when chosen: it is NOT isolated)').choices([...ENGINE_CHOICES]).default('auto'))
    .addOption(
      new Option('--runtime <runtime>', 'docker runtime of the gate sandboxes (auto: runsc, i.e. gVisor, where dockerd has it, else runc)')
        .choices([...DOCKER_RUNTIME_CHOICES])
        .default('auto'),
    )
    .option('--image <image>', 'docker image (default snakepit/python:bookworm), or the Python interpreter for bubblewrap/venv')
    .option('--test-script <file>', 'a Python script run in the test sandbox after the imports (no network, limits on)')
    .option('--install', 'install the verified files into the target environment when the verdict is pass (warn: with --yes)', false)
    .option('-y, --yes', 'with --install: install on a warn verdict too', false)
    .option('--python <path>', 'target interpreter or venv for --install (default: ./.venv)')
    .option('--pin-hashes', 'rewrite the -r files with the validated versions pinned and --hash values', false)
    .option('--no-cache', 'ignore the verdict history: run every phase again')
    .addOption(new Option('-f, --format <format>', 'output format (json: the report on stdout, progress on stderr)').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 every package passes or warns, 1 a package fails, 2 usage or environment error, 130 cancelled (Ctrl-C; sandboxes removed).')
    .action(async (specs: string[], flags: ValidateFlags) => {
      process.exitCode = await validateCommand(specs, flags);
    });
}
