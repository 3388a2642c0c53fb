import * as path from 'node:path';
import type { Command } from 'commander';
import { discoverEnvironments } from '../../../core/environments/discover';
import { inspectEnvironment, needsAttention, type EnvironmentState } from '../../../core/environments/environmentState';
import { digestLookup } from '../../../core/environments/history/manifest';
import type { PythonEnvironment } from '../../../core/environments/types';
import { ExitCode } from '../../exitCodes';
import { collect, historyOf, pickEnvironment, printJson, rootsOf, verificationSources, type CommonFlags } from './context';

export const ENV_JSON_VERSION = 1;

const MARK = { verified: '✓', warned: '!', failed: '✗', unverified: '?', modified: 'M' } as const;

function environmentJson(env: PythonEnvironment) {
  return { name: env.name, kind: env.kind, prefix: env.prefix, python: env.python, version: env.version, isVirtualEnv: env.isVirtualEnv, writable: env.writable };
}

export function stateJson(state: EnvironmentState) {
  return {
    environment: environmentJson(state.environment),
    sitePackages: state.sitePackages,
    counts: state.counts,
    distributions: state.distributions.map((d) => ({ name: d.name, version: d.version, installer: d.installer, files: d.files, ...d.verification })),
    ...(state.drift ? { drift: state.drift } : {}),
  };
}

function stateText(state: EnvironmentState, attention?: boolean): string {
  const env = state.environment;
  const c = state.counts;
  const lines = [`${env.name}  ${env.kind}  Python ${env.version || '?'}  ${env.prefix}`, `✓ ${c.verified} verified · ! ${c.warned} warned · ✗ ${c.failed} failed · ? ${c.unverified} unverified · M ${c.modified} modified`, ''];
  for (const d of state.distributions) {
    const v = d.verification;
    const detail = v.verdict ? `${v.verdict.verdict} ${v.verdict.score} on ${v.verdict.validatedAt.slice(0, 10)}` : v.modifiedFiles ? `changed: ${v.modifiedFiles.slice(0, 3).join(', ')}` : (v.note ?? '');
    lines.push(`${MARK[v.state]} ${d.name} ${d.version}  ${v.state}${detail ? ` — ${detail}` : ''}`);
  }
  if (state.drift) {
    lines.push('', `Drift against ${state.drift.files.join(', ') || 'no requirements files'} in ${state.drift.project}:`);
    for (const p of state.drift.problems) lines.push(`  unreadable: ${p}`);
    if (state.drift.items.length === 0) lines.push('  none');
    for (const item of state.drift.items) lines.push(`  ${item.kind}: ${item.message}`);
  }
  if (attention !== undefined) lines.push('', attention ? 'needs attention: something failed, was modified, or drifts' : 'ok');
  return `${lines.join('\n')}\n`;
}

export interface StateFlags extends CommonFlags {
  project?: string;
}

/** The state, after the fingerprint check (an external change becomes a history entry, and its manifest spares re-reading files). */
export async function currentState(given: string | undefined, flags: StateFlags): Promise<EnvironmentState> {
  const env = await pickEnvironment(given, flags);
  const sources = verificationSources();
  if (env.isVirtualEnv && env.writable) {
    const history = await historyOf(env);
    await history.sync();
    const manifest = history.latestManifest();
    if (manifest) sources.digestOf = digestLookup(manifest);
  }
  const project = flags.project ? path.resolve(flags.project) : env.kind === 'workspace' ? process.cwd() : undefined;
  return inspectEnvironment(env, sources, project);
}

export function registerInspectCommands(env: Command): void {
  env
    .command('ls')
    .description('list the Python environments under the current directory, the --root directories and the known global places')
    .option('--root <dir>', 'search this directory for project environments too (repeatable)', collect, [])
    .option('--format <format>', 'text or json', 'text')
    .action(async (flags: CommonFlags) => {
      const all = await discoverEnvironments({ roots: rootsOf(flags) });
      if (flags.format === 'json') return printJson({ version: ENV_JSON_VERSION, environments: all.map(environmentJson) });
      const width = Math.max(4, ...all.map((e) => e.name.length));
      process.stdout.write(all.map((e) => `${e.name.padEnd(width)}  ${e.kind.padEnd(17)} ${(e.version || '?').padEnd(8)} ${e.writable ? 'rw' : 'ro'}  ${e.prefix}\n`).join('') || 'no Python environments found\n');
    });
  for (const [name, description] of [
    ['show', 'every installed distribution with its verification state, and drift against the project'],
    ['check', 'like show, exiting 1 when something failed, was modified, or drifts (for CI)'],
  ] as const) {
    env
      .command(`${name} [env]`)
      .description(description)
      .option('--root <dir>', 'search this directory for project environments too (repeatable)', collect, [])
      .option('--project <dir>', 'compare against the requirements*.txt and pyproject.toml here (default: the current directory for a project environment)')
      .option('--format <format>', 'text or json', 'text')
      .action(async (given: string | undefined, flags: StateFlags) => {
        const state = await currentState(given, flags);
        const attention = needsAttention(state);
        if (flags.format === 'json') printJson({ version: ENV_JSON_VERSION, ...stateJson(state), ...(name === 'check' ? { ok: !attention } : {}) });
        else process.stdout.write(stateText(state, name === 'check' ? attention : undefined));
        if (name === 'check' && attention) process.exitCode = ExitCode.findings;
      });
  }
}
