import * as path from 'node:path';
import type { Command } from 'commander';
import { HistoryError, type HistoryRecord } from '../../../core/environments/history/environmentHistory';
import { describeChanges } from '../../../core/environments/history/listing';
import { applyLoad, prepareLoad, saveEnvironmentTo } from '../../../core/environments/history/saveLoad';
import { environmentAt } from '../../../core/environments/resolveEnvironment';
import { CliError, ExitCode } from '../../exitCodes';
import { collect, confirm, historyHome, historyOf, pickEnvironment, printJson, verificationSources, type CommonFlags } from './context';
import { ENV_JSON_VERSION } from './inspectCommands';
import * as fs from 'node:fs';

interface ChangeFlags extends CommonFlags {
  yes: boolean;
}

const entryJson = (e: HistoryRecord) => ({ id: e.id, at: e.at, kind: e.kind, who: e.who, what: e.what, changes: e.changes, distributions: e.after.length, files: e.files, bytes: e.bytes });

const entryLine = (e: HistoryRecord) => `${String(e.id).padStart(4)}  ${e.at.replace('T', ' ').slice(0, 19)}  ${e.kind.padEnd(8)}  ${e.who}: ${e.what}`;

function failWith(error: unknown): never {
  if (error instanceof HistoryError) throw new CliError(error.message, ExitCode.usage);
  throw error;
}

export function registerHistoryCommands(env: Command): void {
  env
    .command('history [env]')
    .description("the environment's history: every change Snakepit made, and changes made outside it (found by a fingerprint on each call)")
    .option('--root <dir>', 'search this directory for project environments too (repeatable)', collect, [])
    .option('--format <format>', 'text or json', 'text')
    .action(async (given: string | undefined, flags: CommonFlags) => {
      const environment = await pickEnvironment(given, flags);
      const history = await historyOf(environment);
      await history.sync();
      const entries = history.entries();
      if (flags.format === 'json') return printJson({ version: ENV_JSON_VERSION, environment: { name: environment.name, prefix: environment.prefix }, entries: entries.map(entryJson) });
      process.stdout.write(entries.map((e) => `${entryLine(e)}\n`).join(''));
    });

  env
    .command('rollback [env] [entry]')
    .description('restore the environment exactly (files, modes, installed distributions) to the state after an entry (default: the one before the last)')
    .option('--root <dir>', 'search this directory for project environments too (repeatable)', collect, [])
    .option('-y, --yes', 'do not ask', false)
    .option('--format <format>', 'text or json', 'text')
    .action(async (given: string | undefined, entryArg: string | undefined, flags: ChangeFlags) => {
      if (given && /^\d+$/.test(given) && entryArg === undefined && !fs.existsSync(given)) [given, entryArg] = [undefined, given];
      const environment = await pickEnvironment(given, flags);
      const history = await historyOf(environment);
      await history.sync();
      const entries = history.entries();
      const id = entryArg === undefined ? entries.at(-2)?.id : Number(entryArg);
      if (id === undefined || !Number.isSafeInteger(id)) throw new CliError(entryArg === undefined ? `${environment.name} has only one recorded state; nothing to roll back to` : `"${entryArg}" is not a history entry number; \`snakepit env history\` lists them`);
      const preview = await history.previewRollback(id).catch(failWith);
      const summary = `roll ${environment.prefix} back to the state after entry ${id} (${describeChanges(preview.changes)}; ${preview.plan.remove.length} path(s) removed, ${preview.plan.write.length} written)`;
      if (preview.plan.missingBlobs.length > 0) throw new CliError(`cannot ${summary}: ${preview.plan.missingBlobs.length} file(s) of that state are missing from Snakepit's store (${preview.plan.missingBlobs[0]}); nothing was changed`);
      await confirm(`${summary}?`, flags.yes);
      const started = Date.now();
      const record = await history.rollback(id).catch(failWith);
      if (flags.format === 'json') return printJson({ version: ENV_JSON_VERSION, entry: entryJson(record), durationMs: Date.now() - started });
      process.stdout.write(`${entryLine(record)}\nrestored in ${Date.now() - started} ms; \`snakepit env rollback ${record.id - 1}\` undoes it\n`);
    });

  env
    .command('save [env]')
    .description('write the environment as a lock (pip hash-checking format) with a JSON sidecar that `env load` recreates it from exactly')
    .requiredOption('-o, --output <file>', 'the lock file; the sidecar is <file>.json')
    .option('--root <dir>', 'search this directory for project environments too (repeatable)', collect, [])
    .option('--format <format>', 'text or json', 'text')
    .action(async (given: string | undefined, flags: CommonFlags & { output: string }) => {
      const started = Date.now();
      const environment = await pickEnvironment(given, flags);
      const history = await historyOf(environment);
      const { saved, entry: last } = await saveEnvironmentTo(path.resolve(flags.output), environment, history, verificationSources());
      const durationMs = Date.now() - started;
      if (flags.format === 'json') return printJson({ version: ENV_JSON_VERSION, lock: path.resolve(flags.output), sidecar: `${path.resolve(flags.output)}.json`, distributions: saved.distributions.length, entry: last.id, durationMs });
      process.stdout.write(`saved ${saved.distributions.length} distributions (history entry ${last.id}) to ${flags.output} and ${flags.output}.json in ${durationMs} ms\n`);
    });

  env
    .command('load <env> <file>')
    .description('make the environment exactly the saved one: what is missing is put back from Snakepit\'s store, what is extra is removed')
    .option('-y, --yes', 'do not ask', false)
    .option('--format <format>', 'text or json', 'text')
    .action(async (given: string, file: string, flags: ChangeFlags) => {
      const environment = fs.existsSync(given) || given.includes(path.sep) ? environmentAt(given) : await pickEnvironment(given, { root: [] });
      let load;
      try {
        load = prepareLoad(historyHome(), environment, file);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const moved = load.savedFrom ? ` (saved from ${load.savedFrom}: scripts there name that path)` : '';
      await confirm(`make ${environment.prefix} exactly the environment saved in ${file} (${load.saved.distributions.length} distributions)${moved}?`, flags.yes);
      const started = Date.now();
      const record = await applyLoad(load, path.basename(file)).catch(failWith);
      if (flags.format === 'json') return printJson({ version: ENV_JSON_VERSION, entry: entryJson(record), durationMs: Date.now() - started });
      process.stdout.write(`${entryLine(record)}\nloaded in ${Date.now() - started} ms\n`);
    });
}
