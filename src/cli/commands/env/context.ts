import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { probeTarget } from '../../../core/packages/target/resolveTarget';
import { EnvironmentHistory } from '../../../core/environments/history/environmentHistory';
import { environmentsHome } from '../../../core/environments';
import { gateVerificationSources } from '../../../core/environments/gateSources';
import { EnvironmentNotFoundError, resolveEnvironment } from '../../../core/environments/resolveEnvironment';
import type { PythonEnvironment } from '../../../core/environments/types';
import type { VerificationSources } from '../../../core/environments/verification';
import { CliError, ExitCode } from '../../exitCodes';
import { cacheDir, stateDir } from '../../paths';

export interface CommonFlags {
  root: string[];
  format: 'text' | 'json';
}

export const collect = (value: string, previous: string[]) => [...previous, value];

/** Search roots: the current directory and every --root. */
export const rootsOf = (flags: { root: string[] }) => [process.cwd(), ...flags.root.map((r) => path.resolve(r))];

export async function pickEnvironment(given: string | undefined, flags: { root: string[] }): Promise<PythonEnvironment> {
  try {
    return await resolveEnvironment(given, { roots: rootsOf(flags) });
  } catch (error) {
    if (error instanceof EnvironmentNotFoundError) throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
}

export function verificationSources(): VerificationSources {
  return gateVerificationSources({ stateDir: stateDir(), cacheDir: cacheDir() });
}

/** Where every environment's history lives. */
export const historyHome = () => environmentsHome(stateDir());

/** The environment's history; only virtual environments have one (a system prefix is not Snakepit's to snapshot). */
export async function historyOf(env: PythonEnvironment): Promise<EnvironmentHistory> {
  if (!env.isVirtualEnv) throw new CliError(`${env.name} (${env.prefix}) is not a virtual environment: Snakepit keeps history only for virtual environments`, ExitCode.usage);
  let target;
  try {
    target = await probeTarget(env.python, false);
  } catch (error) {
    throw new CliError(`${env.python}: ${(error as Error).message}`, ExitCode.usage);
  }
  return new EnvironmentHistory(historyHome(), target);
}

/** Asks on a TTY; `-y` answers yes; without a TTY and without `-y`, refuses with exit 2. */
export async function confirm(question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw new CliError(`${question.replace(/\?$/, '')}: this changes the environment and there is no terminal to ask; pass -y to proceed`, ExitCode.usage);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('cancelled; nothing was changed', ExitCode.usage);
  } finally {
    rl.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
