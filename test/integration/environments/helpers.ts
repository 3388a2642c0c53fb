import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { findLocalIndex, localIndexPipArgs } from '../../../src/core/debug/localIndex';
export { listing } from '../../support/fileTree';

export const host = process.env.SNAKEPIT_TEST_PYTHON ?? 'python3';
export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export function run(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const result = spawnSync(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, encoding: 'utf8' });
  assert.equal(result.status, 0, `${argv.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** pip install from this machine's local index only (no network is tried). */
export function pipInstall(venv: string, ...specs: string[]): void {
  run([path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '-q', ...localIndexPipArgs(findLocalIndex()), ...specs]);
}

export const freeze = (venv: string) => run([path.join(venv, 'bin', 'python'), '-B', '-m', 'pip', 'freeze', '--all']);


/** Runs the bundled CLI with its own state and cache dirs; never throws on a non-zero exit. */
export function cli(args: string[], options: { cwd: string; home: string; input?: string }) {
  const env = { ...process.env, XDG_STATE_HOME: path.join(options.home, 'state'), XDG_CACHE_HOME: path.join(options.home, 'cache') };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, env, encoding: 'utf8', input: options.input ?? '' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
