import { type Command, Option } from 'commander';
import type { EnvironmentState } from '../../../core/environments/environmentState';
import type { GateProgress } from '../../../core/packages/gate/report';
import { ENGINE_CHOICES } from '../../../core/sandbox/engine';
import type { EngineChoice } from '../../../core/sandbox/selectEngine';
import { normalizeName } from '../../../core/packages/names';
import { ExitCode } from '../../exitCodes';
import { cacheDir, stateDir } from '../../paths';
import { collect, printJson } from './context';
import { currentState, ENV_JSON_VERSION, type StateFlags } from './inspectCommands';

interface VerifyFlags extends StateFlags {
  engine: EngineChoice;
}

const unverified = (state: EnvironmentState) => state.distributions.filter((d) => d.verification.state === 'unverified');

/**
 * `snakepit env verify [ENV]`: every unverified distribution, by its exact version from the configured indexes,
 * through the gate (not installed: the environment is not changed); then the state again. A distribution whose
 * files on the index differ from the installed ones stays unverified, and says so.
 */
async function verify(given: string | undefined, flags: VerifyFlags): Promise<void> {
  const before = await currentState(given, flags);
  const todo = unverified(before);
  if (todo.length === 0) {
    if (flags.format === 'json') printJson({ version: ENV_JSON_VERSION, environment: before.environment.name, verified: [], stillUnverified: [], counts: before.counts });
    else process.stdout.write(`nothing to verify in ${before.environment.name}: no unverified distribution\n`);
    return;
  }
  const specs = todo.map((d) => `${d.name}==${d.version}`);
  process.stderr.write(`verifying ${specs.length} distribution(s) of ${before.environment.name} through the gate (nothing is installed): ${specs.join(' ')}\n`);
  const { validatePackages } = await import('../../../core/packages/gate/validatePackages.js');
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const report = await validatePackages(
      { specs, requirementFiles: [], engine: flags.engine, install: false, pinHashes: false, noCache: false },
      { signal: controller.signal, onProgress: (p: GateProgress) => process.stderr.write(`${(p.elapsedMs / 1000).toFixed(1).padStart(6)}s ${p.phase.padEnd(7)} ${p.package ? `${p.package}: ` : ''}${p.message}\n`) },
      { cacheDir: cacheDir(), stateDir: stateDir() },
    );
    const after = await currentState(given, flags);
    const byName = new Map(after.distributions.map((d) => [normalizeName(d.name), d]));
    const results = todo.map((d) => ({ name: d.name, version: d.version, ...(byName.get(normalizeName(d.name))?.verification ?? { state: 'unverified' as const }) }));
    if (flags.format === 'json') {
      printJson({ version: ENV_JSON_VERSION, environment: after.environment.name, gateVerdict: report.verdict, results, counts: after.counts });
    } else {
      for (const r of results) process.stdout.write(`${r.state === 'verified' ? '✓' : r.state === 'warned' ? '!' : r.state === 'failed' ? '✗' : '?'} ${r.name} ${r.version}  ${r.state}${r.note ? ` — ${r.note}` : ''}\n`);
      const c = after.counts;
      process.stdout.write(`${after.environment.name}: ✓ ${c.verified} · ! ${c.warned} · ✗ ${c.failed} · ? ${c.unverified} · M ${c.modified}\n`);
    }
    if (results.some((r) => r.state === 'failed')) process.exitCode = ExitCode.findings;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export function registerVerifyCommand(env: Command): void {
  env
    .command('verify [env]')
    .description("send every unverified distribution of the environment through the gate (its exact version from the configured indexes; nothing is installed), then show what became verified; exit 1 if one fails")
    .option('--root <dir>', 'search this directory for project environments too (repeatable)', collect, [])
    .addOption(new Option('--engine <engine>', 'sandbox engine of the gate').choices([...ENGINE_CHOICES]).default('auto'))
    .option('--format <format>', 'text or json', 'text')
    .action((given: string | undefined, flags: VerifyFlags) => verify(given, flags));
}
