import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerEnv } from '../../../src/cli/commands/env';
import { ExitCode } from '../../../src/cli/exitCodes';
import { buildProgram, runProgram } from '../../../src/cli/program';

/** Runs `snakepit env …` in-process in `cwd`, capturing stderr. */
async function env(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write;
  const previous = process.cwd();
  let stderr = '';
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  process.chdir(cwd);
  try {
    return { code: await runProgram(buildProgram([registerEnv]), ['env', ...args]), stderr };
  } finally {
    process.chdir(previous);
    process.stderr.write = write;
    process.exitCode = undefined;
  }
}

describe('snakepit env: usage errors name the input and what to do (exit 2)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-env-cli-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('no environment in the project', async () => {
    const result = await env(['rollback', '-y'], dir);
    assert.equal(result.code, ExitCode.usage);
    assert.match(result.stderr, /no project environment under .*python3 -m venv \.venv/);
  });

  it('a path that holds no interpreter', async () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    const result = await env(['show', './empty'], dir);
    assert.equal(result.code, ExitCode.usage);
    assert.match(result.stderr, /\.\/empty holds no Python interpreter/);
  });

  it('an unknown shell', async () => {
    const result = await env(['shell', '--shell', 'tcsh', '--print'], dir);
    assert.equal(result.code, ExitCode.usage);
    assert.match(result.stderr, /--shell tcsh: choose bash, zsh or fish/);
  });

  it('a saved environment that is not there', async () => {
    const result = await env(['load', path.join(dir, 'venv'), path.join(dir, 'nope.lock'), '-y'], dir);
    assert.equal(result.code, ExitCode.usage);
    assert.match(result.stderr, /nope\.lock\.json cannot be read as a saved environment/);
  });
});
