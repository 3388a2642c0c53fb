import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findLocalIndex, localIndexPipArgs } from '../../../src/core/debug/localIndex';

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

/** Every entry under `root`: type, permission bits, and the content's sha256 or the link's target. What "byte-exact" means here. */
export function listing(root: string): string[] {
  const lines: string[] = [];
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.lstatSync(full);
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isSymbolicLink()) lines.push(`${relative} l ${mode} ${fs.readlinkSync(full)}`);
    else if (stat.isDirectory()) {
      lines.push(`${relative} d ${mode}`);
      for (const name of fs.readdirSync(full).sort()) visit(relative ? path.join(relative, name) : name);
    } else lines.push(`${relative} f ${mode} ${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`);
  };
  visit('');
  return lines;
}

/** Runs the bundled CLI with its own state and cache dirs; never throws on a non-zero exit. */
export function cli(args: string[], options: { cwd: string; home: string; input?: string }) {
  const env = { ...process.env, XDG_STATE_HOME: path.join(options.home, 'state'), XDG_CACHE_HOME: path.join(options.home, 'cache') };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, env, encoding: 'utf8', input: options.input ?? '' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
