import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportedBashFunctions } from '../../../src/core/intercept/shellInit';
import { ensureShims } from '../../../src/core/intercept/shims';

describe('shim functions exported through the environment (what VS Code terminals get)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bash-func-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keep pip on the shims in bash after a venv puts its bin/ first on PATH, and the shim finds the venv\'s pip as the real one', () => {
    const cli = path.join(dir, 'cli.js');
    fs.writeFileSync(cli, `process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), real: process.env.SNAKEPIT_SHIM_REAL }));`);
    const shims = ensureShims(path.join(dir, 'shims'), { node: process.execPath, cli });
    // A venv as far as a shell can tell: bin/ with a pip, and an activate script that puts bin/ first.
    const bin = path.join(dir, 'venv', 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'pip'), '#!/bin/sh\necho "real pip $*"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'activate'), `PATH=${bin}:$PATH; export PATH\n`);
    const env = { ...process.env, PATH: `${shims}:${process.env.PATH}`, ...exportedBashFunctions(shims) };

    for (const flags of [['-c'], ['-ic']]) {
      const run = spawnSync('bash', [...flags, `. ${bin}/activate; pip install six; pip --version`], { encoding: 'utf8', env, cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      const [shimmed, passed] = [run.stdout.slice(0, run.stdout.indexOf('}') + 1), run.stdout.slice(run.stdout.indexOf('}') + 1)];
      assert.deepEqual(JSON.parse(shimmed), { argv: ['pip', 'install', 'six'], real: path.join(bin, 'pip') }, `bash ${flags.join(' ')}`);
      assert.equal(passed, 'real pip --version\n', 'a command without install runs the real pip at once');
    }
    // Without the functions the venv's pip is found first: the gap they close.
    const plain = spawnSync('bash', ['-c', `. ${bin}/activate; pip install six`], { encoding: 'utf8', env: { ...process.env, PATH: `${shims}:${process.env.PATH}` } });
    assert.equal(plain.stdout, 'real pip install six\n');
  });
});
