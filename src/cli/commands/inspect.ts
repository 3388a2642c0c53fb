import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LIMITS, inspectPaths, NotAnArchiveError, type ArchiveLimits } from '../../core/packages/inspect/inspectPath';
import { inspectReportText, toInspectReport } from '../../core/packages/inspect/report/inspectReport';
import { CliError, ExitCode } from '../exitCodes';

interface InspectFlags {
  format: 'text' | 'json';
  maxEntries?: number;
  maxTotalMb?: number;
  maxFileMb?: number;
  maxRatio?: number;
}

const MIB = 1024 ** 2;

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function limitsFrom(flags: InspectFlags): Partial<ArchiveLimits> {
  const limits: Partial<ArchiveLimits> = {};
  if (flags.maxEntries !== undefined) limits.maxEntries = flags.maxEntries;
  if (flags.maxTotalMb !== undefined) limits.maxTotalBytes = flags.maxTotalMb * MIB;
  if (flags.maxFileMb !== undefined) limits.maxFileBytes = flags.maxFileMb * MIB;
  if (flags.maxRatio !== undefined) limits.maxCompressionRatio = flags.maxRatio;
  return limits;
}

export async function inspectCommand(paths: string[], flags: InspectFlags): Promise<number> {
  if (paths.length === 0) {
    throw new CliError('give at least one path to inspect: a wheel (.whl), an sdist (.tar.gz, .tgz, .zip) or an unpacked project directory');
  }
  let packages;
  try {
    packages = await inspectPaths(paths, { limits: limitsFrom(flags) });
  } catch (error) {
    if (error instanceof NotAnArchiveError) throw new CliError(error.message);
    throw error;
  }
  process.stdout.write(flags.format === 'json' ? `${JSON.stringify(toInspectReport(packages), null, 2)}\n` : inspectReportText(packages));
  return packages.some((p) => p.verdict === 'fail') ? ExitCode.findings : ExitCode.ok;
}

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('statically inspect Python distributions (wheels, sdists, directories) for malicious-package signs, without installing or running them')
    .argument('[paths...]', 'wheels (.whl), sdists (.tar.gz, .tgz, .zip) or unpacked project directories', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--max-entries <n>', `most archive entries read (default ${DEFAULT_LIMITS.maxEntries})`).argParser(positive))
    .addOption(new Option('--max-total-mb <n>', `most uncompressed MiB per archive (default ${DEFAULT_LIMITS.maxTotalBytes / MIB})`).argParser(positive))
    .addOption(new Option('--max-file-mb <n>', `largest file inspected, MiB (default ${DEFAULT_LIMITS.maxFileBytes / MIB})`).argParser(positive))
    .addOption(new Option('--max-ratio <n>', `highest compression ratio of one large entry (default ${DEFAULT_LIMITS.maxCompressionRatio})`).argParser(positive))
    .addHelpText('after', '\nNothing is extracted, installed or executed.\nExit codes: 0 every package passes or warns, 1 one fails, 2 usage error (missing or unreadable path, not a distribution).')
    .action(async (paths: string[], flags: InspectFlags) => {
      process.exitCode = await inspectCommand(paths, flags);
    });
}
