import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../state/atomicFile';
import type { EnvironmentState } from '../environmentState';
import type { Manifest } from './manifest';

export const LOCK_VERSION = 1;

/** The JSON sidecar of a saved environment: enough to recreate it exactly from Snakepit's store. */
export interface SavedEnvironment {
  version: typeof LOCK_VERSION;
  savedAt: string;
  environment: { name: string; prefix: string; python: string; pythonVersion: string };
  /** `name==version` lines as the interpreter listed them. */
  freeze: string;
  distributions: Array<{ name: string; version: string; state: string; wheel?: { filename: string; sha256: string } }>;
  /** The roots relative to the environment's prefix ('' is the prefix itself), with every entry's digest and mode. */
  manifest: Manifest;
}

export const sidecarOf = (lockFile: string) => `${lockFile}.json`;

/**
 * pip's hash-checking format: each distribution pinned `==`, with the sha256 of the wheel the gate
 * verified when there is one. A distribution without a verified wheel is written without a hash, with
 * a comment saying so: `pip install --require-hashes` refuses it, as it should.
 */
export function lockText(state: EnvironmentState): string {
  const lines = [`# Saved by snakepit env save from ${state.environment.prefix} (Python ${state.environment.version}).`, '# The JSON sidecar beside this file lets `snakepit env load` recreate the environment exactly.', ''];
  for (const dist of state.distributions) {
    const verdict = dist.verification.verdict;
    if (verdict) lines.push(`${dist.name}==${dist.version} \\\n    --hash=sha256:${verdict.artifact.sha256}`);
    else lines.push(`# ${dist.verification.state}: the gate verified no wheel with these files\n${dist.name}==${dist.version}`);
  }
  return `${lines.join('\n')}\n`;
}

export function saveEnvironment(file: string, state: EnvironmentState, manifest: Manifest, freeze: string): SavedEnvironment {
  const prefix = state.environment.prefix;
  const saved: SavedEnvironment = {
    version: LOCK_VERSION,
    savedAt: new Date().toISOString(),
    environment: { name: state.environment.name, prefix, python: state.environment.python, pythonVersion: state.environment.version },
    freeze,
    distributions: state.distributions.map((d) => ({ name: d.name, version: d.version, state: d.verification.state, ...(d.verification.verdict ? { wheel: d.verification.verdict.artifact } : {}) })),
    manifest: { roots: manifest.roots.map((root) => path.relative(prefix, root)), trees: manifest.trees },
  };
  writeFileAtomic(file, lockText(state));
  writeFileAtomic(sidecarOf(file), JSON.stringify(saved));
  return saved;
}

/** Reads a saved environment; `file` is the lock or its sidecar. The manifest comes back with absolute roots under `prefix`. */
export function readSavedEnvironment(file: string, prefix: string): SavedEnvironment {
  const sidecar = file.endsWith('.json') ? file : sidecarOf(file);
  let saved: SavedEnvironment;
  try {
    saved = JSON.parse(fs.readFileSync(sidecar, 'utf8')) as SavedEnvironment;
  } catch (error) {
    throw new Error(`${sidecar} cannot be read as a saved environment (${(error as Error).message}); it is written by \`snakepit env save ENV -o FILE\` beside FILE`);
  }
  if (saved?.version !== LOCK_VERSION || !saved.manifest || !Array.isArray(saved.manifest.roots)) throw new Error(`${sidecar} is not a saved environment of version ${LOCK_VERSION}`);
  return { ...saved, manifest: { roots: saved.manifest.roots.map((r) => path.resolve(prefix, r)), trees: saved.manifest.trees } };
}
