import * as path from 'node:path';
import type { Mount } from '../../../sandbox/engine';
import { findPythonHelpersDir } from '../../../pythonHelpers';

/**
 * Where the helpers are mounted read-only inside a sandbox. Under /tmp because that is a fresh
 * tmpfs in every engine (bubblewrap's / is the host's, read-only; a mount point there cannot be made).
 */
export const PROBE_MOUNT = '/tmp/.snakepit/python';

export type ProbePhase = 'install' | 'import' | 'test';
export type BlockCategory = 'network' | 'process' | 'write';

export function probeMount(helpersDir: string = findPythonHelpersDir()): Mount {
  return { hostPath: helpersDir, sandboxPath: PROBE_MOUNT, readOnly: true };
}

/** The home the probe gives packages: a directory of its own, so a write into it is a write outside the allowed dirs. */
export function probeHome(workDir: string): string {
  return path.posix.join(workDir, '.snakepit-home');
}

export interface ProbeEnvOptions {
  phase: ProbePhase;
  /** Events file inside the sandbox (appended to). */
  eventsPath: string;
  /** The sandbox's work dir (record.workDir); the probe's HOME goes under it. */
  workDir: string;
  /** Default: per phase (import: network, process, write; install: network, write; test: none). */
  block?: BlockCategory[] | 'none';
  allowWrite?: string[];
}

/**
 * Environment that turns the hook on in every interpreter started with it: merge into the env of
 * `pip install` (install phase) or the user's test script (test phase). Needs the .pth written by
 * `activatePthCommand` in that environment, or PYTHONPATH starting with `startupDir`.
 */
export function probeEnv(options: ProbeEnvOptions): Record<string, string> {
  const env: Record<string, string> = {
    SNAKEPIT_PROBE_EVENTS: options.eventsPath,
    SNAKEPIT_PROBE_PHASE: options.phase,
    HOME: probeHome(options.workDir),
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (options.block !== undefined) env.SNAKEPIT_PROBE_BLOCK = options.block === 'none' ? 'none' : options.block.join(',');
  if (options.allowWrite?.length) env.SNAKEPIT_PROBE_ALLOW_WRITE = options.allowWrite.join(':');
  return env;
}

/** The sitecustomize directory, for PYTHONPATH activation where a .pth cannot be written. */
export const startupDir = `${PROBE_MOUNT}/snakepit_probe/startup`;

/**
 * Writes `00_snakepit_probe.pth` into the site-packages of `python` (the sandbox venv), so every
 * interpreter of that venv installs the hook, pip's isolated build backends included. Also makes the
 * probe's home directory. Run once per venv before installing.
 */
export function activatePthCommand(workDir: string, python = 'python'): { argv: string[]; env: Record<string, string> } {
  const script = `import os, runpy, sys; os.makedirs(sys.argv[1], exist_ok=True); sys.argv[1:] = ['--write-pth']; runpy.run_module('snakepit_probe.activate', run_name='__main__')`;
  return { argv: [python, '-c', script, probeHome(workDir)], env: { PYTHONPATH: PROBE_MOUNT } };
}

export interface ImportProbeOptions {
  modules: string[];
  eventsPath: string;
  resultPath: string;
  workDir: string;
  python?: string;
  /** Wall-time limit per module (default 30 s); the child's whole process group is killed at the limit. */
  timeoutSeconds?: number;
  /** Address-space limit per child (RLIMIT_AS); a MemoryError then reports the hog. 0/undefined: none. */
  memoryLimitMb?: number;
  block?: BlockCategory[] | 'none';
  allowWrite?: string[];
  /** Distributions whose console and GUI scripts are run (`--help`, then no arguments) after the imports. */
  entryPointsOf?: string[];
}

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** `python -S -m snakepit_probe.import_modules …`: each module imported in a fresh child under the hook. */
export function importProbeCommand(options: ImportProbeOptions): { argv: string[]; env: Record<string, string> } {
  const bad = options.modules.filter((m) => !MODULE_NAME.test(m));
  if (options.modules.length === 0 || bad.length > 0) {
    throw new Error(`Cannot probe modules ${JSON.stringify(bad.length ? bad : options.modules)}: give Python module names (from top_level.txt or RECORD)`);
  }
  const argv = [options.python ?? 'python', '-S', '-m', 'snakepit_probe.import_modules', '--modules', options.modules.join(','), '--events', options.eventsPath, '--result', options.resultPath];
  argv.push('--timeout-s', String(options.timeoutSeconds ?? 30));
  if (options.memoryLimitMb) argv.push('--memory-mb', String(options.memoryLimitMb));
  if (options.block !== undefined) argv.push('--block', options.block === 'none' ? 'none' : options.block.join(','));
  for (const dir of options.allowWrite ?? []) argv.push('--allow-write', dir);
  if (options.entryPointsOf?.length) argv.push('--entry-points', options.entryPointsOf.join(','));
  return { argv, env: { PYTHONPATH: PROBE_MOUNT, HOME: probeHome(options.workDir), PYTHONDONTWRITEBYTECODE: '1' } };
}
