import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

describe('snakepit validate -c/--constraint (bundled CLI, real pip from the local index, bubblewrap)', function () {
  this.timeout(600_000);
  let work: string;
  const validate = (...args: string[]) => {
    const env = { ...process.env, XDG_STATE_HOME: path.join(work, 'state'), XDG_CACHE_HOME: path.join(work, 'cache') };
    const result = spawnSync(process.execPath, [CLI, 'validate', '--engine', 'bubblewrap', '--format', 'json', ...args], { cwd: work, env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as { packages: Array<{ name: string; version: string }> };
  };

  before(() => {
    assert.ok(fs.existsSync(CLI), 'run `node esbuild.js` first');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-constraints-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('the version pip chooses follows the constraints file, as pip install -c would', () => {
    // The local index serves three fsspec releases; pip alone takes the newest.
    const unconstrained = validate('fsspec').packages.find((p) => p.name === 'fsspec')!.version;
    fs.writeFileSync(path.join(work, 'constraints.txt'), 'fsspec<2026.7\n');
    const constrained = validate('fsspec', '-c', 'constraints.txt').packages.find((p) => p.name === 'fsspec')!.version;
    assert.match(constrained, /^2026\.6\./);
    assert.notEqual(constrained, unconstrained);
  });
});
