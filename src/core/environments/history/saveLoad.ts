import * as path from 'node:path';
import type { TargetEnvironment } from '../../packages/target/resolveTarget';
import { inspectEnvironment } from '../environmentState';
import type { PythonEnvironment } from '../types';
import type { VerificationSources } from '../verification';
import { EnvironmentHistory, type HistoryRecord } from './environmentHistory';
import { readSavedEnvironment, saveEnvironment, type SavedEnvironment } from './lockFile';
import { compareListings, listDistributionsOf, type ListingChanges } from './listing';
import { digestLookup } from './manifest';

/** Writes the environment's current state (recorded first) as a lock and its sidecar; `entry` is the history entry saved. */
export async function saveEnvironmentTo(file: string, environment: PythonEnvironment, history: EnvironmentHistory, sources: VerificationSources): Promise<{ saved: SavedEnvironment; entry: HistoryRecord }> {
  await history.sync();
  const manifest = history.latestManifest()!;
  const entry = history.entries().at(-1)!;
  const state = await inspectEnvironment(environment, { ...sources, digestOf: digestLookup(manifest) });
  return { saved: saveEnvironment(file, state, manifest, entry.freeze), entry };
}

/** A load read and checked, ready to apply: what it will make of the environment, and where it was saved from. */
export interface PreparedLoad {
  saved: SavedEnvironment;
  history: EnvironmentHistory;
  /** Set when the environment was saved from another path (its scripts keep naming that path). */
  savedFrom?: string;
}

/**
 * Reads a saved environment (`file`: the lock or its sidecar) for loading into `environment`, which need not exist
 * any more: its history is addressed by the layout the saved state describes, not by asking an interpreter.
 */
export function prepareLoad(home: string, environment: PythonEnvironment, file: string): PreparedLoad {
  const saved = readSavedEnvironment(path.resolve(file), environment.prefix);
  const pythonDir = `python${saved.environment.pythonVersion.split('.').slice(0, 2).join('.')}`;
  const target: TargetEnvironment = {
    python: environment.python,
    prefix: environment.prefix,
    sitePackages: saved.manifest.roots.length ? [path.join(environment.prefix, 'lib', pythonDir, 'site-packages')] : [],
    scriptsDir: path.join(environment.prefix, 'bin'),
    includeDir: path.join(environment.prefix, 'include'),
    isVirtualEnv: true,
    version: saved.environment.pythonVersion,
    hasPip: true,
  };
  const savedFrom = path.resolve(saved.environment.prefix) !== environment.prefix ? saved.environment.prefix : undefined;
  return { saved, history: new EnvironmentHistory(home, target), savedFrom };
}

/** Makes the environment exactly the saved one (from Snakepit's store, like a rollback); the entry is a `load`. */
export function applyLoad(load: PreparedLoad, who: string): Promise<HistoryRecord> {
  return load.history.rollback(0, who, 'load', load.saved.manifest, load.saved.freeze);
}

/** What loading will change, from the environment's current state (recorded first) to the saved one; nothing is touched. */
export async function previewLoad(load: PreparedLoad): Promise<ListingChanges> {
  await load.history.sync();
  return compareListings(load.history.entries().at(-1)?.after ?? [], listDistributionsOf(load.saved.manifest));
}
