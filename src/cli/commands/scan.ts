import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import type { ConfigLayer } from '../../core/analysis/config';
import { toSarif } from '../../core/analysis/report/sarif';
import { toText } from '../../core/analysis/report/text';
import { DiskCache } from '../../core/analysis/scan/analysisCache';
import { scanPaths } from '../../core/analysis/scan/scanPaths';
import { LEVELS, type Level } from '../../core/analysis/types';
import { CliError, ExitCode } from '../exitCodes';
import { cacheDir } from '../paths';

interface ScanFlags {
  format: 'text' | 'json' | 'sarif';
  severity?: Level;
  confidence?: Level;
  select?: string;
  ignore?: string;
  exclude?: string[];
  metrics: boolean;
  cache: boolean;
  output?: string;
}

const ids = (list: string) => list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);

function cliLayer(flags: ScanFlags): ConfigLayer {
  const layer: ConfigLayer = {};
  if (flags.severity) layer.severity = flags.severity;
  if (flags.confidence) layer.confidence = flags.confidence;
  if (flags.select) layer.select = ids(flags.select);
  if (flags.ignore) layer.ignore = ids(flags.ignore);
  if (flags.exclude?.length) layer.extendExclude = flags.exclude;
  return layer;
}

export async function scanCommand(paths: string[], flags: ScanFlags): Promise<number> {
  const { report, loaded, missing } = await scanPaths(paths, {
    cli: cliLayer(flags),
    metrics: flags.metrics,
    cache: flags.cache ? new DiskCache(path.join(cacheDir(), 'scan')) : undefined,
  });
  for (const error of loaded.errors) process.stderr.write(`snakepit: warning: ${error.message}\n`);
  if (missing.length) {
    throw new CliError(missing.map((m) => `${m.path}: ${m.error}`).join('\n') + '\nCheck the paths given to `snakepit scan`.');
  }
  const cwd = process.cwd();
  let output: string;
  if (flags.format === 'json') output = `${JSON.stringify(report, null, 2)}\n`;
  else if (flags.format === 'sarif') output = `${JSON.stringify(toSarif(report, loaded.config.root), null, 2)}\n`;
  else output = toText(report, cwd);
  if (flags.output) {
    try {
      fs.writeFileSync(flags.output, output);
    } catch (error) {
      throw new CliError(`cannot write ${flags.output}: ${(error as NodeJS.ErrnoException).code}; choose another --output path`);
    }
    if (flags.format !== 'text') process.stderr.write(toText({ ...report, files: [] }, cwd));
  } else {
    process.stdout.write(output);
  }
  return report.summary.findings > 0 ? ExitCode.findings : ExitCode.ok;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('scan Python files for security issues (Bandit-compatible IDs) and complexity')
    .argument('[paths...]', 'files or directories (directories are searched for .py files)', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--severity <level>', 'report findings of this severity and above').choices([...LEVELS]))
    .addOption(new Option('--confidence <level>', 'report findings of this confidence and above').choices([...LEVELS]))
    .option('--select <ids>', 'comma-separated rule IDs or prefixes to run (e.g. B6,SP001)')
    .option('--ignore <ids>', 'comma-separated rule IDs or prefixes not to run')
    .option('--exclude <glob...>', 'paths to skip, in addition to the configured ones')
    .option('--no-metrics', 'skip complexity metrics (and the C901/CCR001 findings)')
    .option('--no-cache', `do not read or write the result cache (${path.join(cacheDir().replace(os.homedir(), '~'), 'scan')})`)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addHelpText('after', '\nExit codes: 0 no findings at or above the thresholds, 1 findings, 2 usage or environment error.')
    .action(async (paths: string[], flags: ScanFlags) => {
      process.exitCode = await scanCommand(paths, flags);
    });
}
