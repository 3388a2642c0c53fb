import * as assert from 'node:assert/strict';
import { buildProgram, runProgram } from '../../../src/cli/program';
import { CliError, ExitCode } from '../../../src/cli/exitCodes';

function silenced<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  return fn().finally(() => {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  });
}

describe('CLI program', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('exits 0 for --help and --version', async () => {
    assert.equal(await silenced(() => runProgram(buildProgram([]), ['--help'])), ExitCode.ok);
    assert.equal(await silenced(() => runProgram(buildProgram([]), ['--version'])), ExitCode.ok);
  });

  it('exits 2 for unknown options and commands', async () => {
    assert.equal(await silenced(() => runProgram(buildProgram([]), ['--nope'])), ExitCode.usage);
    assert.equal(await silenced(() => runProgram(buildProgram([]), ['nope'])), ExitCode.usage);
  });

  it('turns a CliError into its exit code and a one-line message without a stack', async () => {
    const program = buildProgram([
      (p) => {
        p.command('boom').action(() => {
          throw new CliError('the file x.py cannot be read: check the path', ExitCode.findings);
        });
      },
    ]);
    let stderr = '';
    const writeErr = process.stderr.write;
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    try {
      assert.equal(await runProgram(program, ['boom']), ExitCode.findings);
    } finally {
      process.stderr.write = writeErr;
    }
    assert.equal(stderr, 'snakepit: the file x.py cannot be read: check the path\n');
  });

  it('passes through the exit code a subcommand sets', async () => {
    const program = buildProgram([(p) => void p.command('set').action(() => void (process.exitCode = ExitCode.findings))]);
    assert.equal(await runProgram(program, ['set']), ExitCode.findings);
  });
});
