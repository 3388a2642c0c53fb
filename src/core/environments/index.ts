/**
 * Environments: discovery, verification state, drift, history with exact rollback, save/load, activation.
 *
 * For code that changes an environment (install interception, `validate --install`): wrap the change in
 * {@link recordTransaction} so it becomes one history entry with before/after listings, and call
 * {@link syncEnvironmentHistory} on entry to record changes made outside Snakepit.
 */
import * as path from 'node:path';
import { probeTarget } from '../packages/target/resolveTarget';
import { EnvironmentHistory, type HistoryRecord, type TransactionInfo } from './history/environmentHistory';

export { discoverEnvironments, type DiscoverOptions } from './discover';
export { inspectEnvironment, needsAttention, type EnvironmentState, type DistributionState } from './environmentState';
export { resolveEnvironment, environmentAt, EnvironmentNotFoundError } from './resolveEnvironment';
export { EnvironmentHistory, HistoryError, type HistoryRecord, type HistoryKind, type TransactionInfo } from './history/environmentHistory';
export { activationScript, promptPrefix, SHELLS, type ShellKind } from './activation';
export type { PythonEnvironment, EnvironmentKind, VerificationState, VerificationResult, InstalledDistribution } from './types';

/** Where the histories of all environments live under a Snakepit state dir (the CLI's and VS Code's alike). */
export const environmentsHome = (stateDir: string) => path.join(stateDir, 'environments');

/** The history of the virtual environment whose interpreter is `python`. */
export async function historyFor(python: string, stateDir: string): Promise<EnvironmentHistory> {
  return new EnvironmentHistory(environmentsHome(stateDir), await probeTarget(python, false));
}

/** Records an external change since the last entry, if any (the fingerprint check). */
export async function syncEnvironmentHistory(python: string, stateDir: string): Promise<HistoryRecord | undefined> {
  return (await historyFor(python, stateDir)).sync();
}

/**
 * Runs `change` (which installs into or removes from the environment of `python`) as one transaction:
 * an entry with who, what and the before/after listings, so `snakepit env rollback` can undo it exactly.
 * `entry` is undefined when the change changed nothing.
 */
export async function recordTransaction<T>(python: string, stateDir: string, info: TransactionInfo, change: () => Promise<T>): Promise<{ result: T; entry?: HistoryRecord }> {
  return (await historyFor(python, stateDir)).recordTransaction(info, change);
}
