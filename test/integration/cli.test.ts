import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shimKindOf } from '../../src/cli/shimKind';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');

function snakepit(...args: string[]) {
  return spawnSync(cli, args, { encoding: 'utf8', cwd: repo });
}

describe('the bundled CLI (dist/cli.js)', () => {
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });

  it('is executable through its shebang and prints the package version', () => {
    const result = snakepit('--version');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version);
  });

  it('runs through npx as `snakepit`', () => {
    const result = spawnSync('npx', ['--no-install', 'snakepit', '--help'], { encoding: 'utf8', cwd: repo });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Usage: snakepit/);
  });

  it('loads each subcommand of the table by its name (the bundle is split there)', () => {
    // The installers' names (pip, uv, python, pipx) take the tool's own arguments: `snakepit pip --help` is pip's help.
    const listed = [...snakepit('--help').stdout.matchAll(/^ {2}([\w-]+) /gm)].map((m) => m[1]).filter((name) => name !== 'help' && !shimKindOf(name));
    assert.ok(listed.length >= 6, `too few subcommands in --help: ${listed.join(', ')}`);
    for (const name of listed) {
      const result = snakepit(name, '--help');
      assert.equal(result.status, 0, `${name}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`^Usage: snakepit ${name} `), name);
    }
  });

  it('exits 2 with a hint on stderr for an unknown command', () => {
    const result = snakepit('frobnicate');
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /snakepit --help/);
  });
});
