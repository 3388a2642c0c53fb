import * as assert from 'node:assert/strict';
import type { Command } from 'commander';
import { registrarsFor, type LazySubcommand } from '../../../src/cli/lazySubcommands';

/** A table whose loads are counted, each registering a command of its own name. */
function counted(names: string[]) {
  const loaded: string[] = [];
  const table: LazySubcommand[] = names.map((name) => ({
    name,
    load: async () => {
      loaded.push(name);
      return (program: Command) => void program.command(name);
    },
  }));
  return { table, loaded };
}

describe('lazy subcommands', () => {
  it('loads nothing for --version, only the named command for `snakepit NAME …`', async () => {
    const { table, loaded } = counted(['scan', 'sandbox', 'validate']);
    assert.deepEqual(await registrarsFor(['--version'], table), []);
    assert.deepEqual(await registrarsFor(['-V'], table), []);
    assert.deepEqual(loaded, []);
    assert.equal((await registrarsFor(['sandbox', 'ls', '--format', 'json'], table)).length, 1);
    assert.deepEqual(loaded, ['sandbox']);
  });

  it('loads every command for top-level help, no arguments and an unknown command (its suggestions need the names)', async () => {
    for (const argv of [['--help'], [], ['sandbx'], ['--version', 'scan']]) {
      const { table, loaded } = counted(['scan', 'sandbox']);
      assert.equal((await registrarsFor(argv, table)).length, 2, argv.join(' '));
      assert.deepEqual(loaded, ['scan', 'sandbox']);
    }
  });
});
