import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveInterpreter } from '../../../src/core/sandbox/hostDir/interpreter';

describe('the interpreter a host-dir sandbox is made from (real python3)', function () {
  this.timeout(60_000);

  it("takes the interpreter a venv was made from, not the venv's own python3 (which the sandbox cannot see)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-interp-'));
    try {
      const venv = path.join(dir, 'venv');
      assert.equal(spawnSync('python3', ['-m', 'venv', '--without-pip', venv]).status, 0);
      const base = await resolveInterpreter('python3');
      const fromVenv = await resolveInterpreter(path.join(venv, 'bin', 'python3'));
      assert.ok(!fromVenv.executable.startsWith(venv), fromVenv.executable);
      assert.equal(fromVenv.prefix, base.prefix);
      assert.equal(fromVenv.version, base.version);
      assert.equal(fs.realpathSync(fromVenv.executable), fs.realpathSync(base.executable));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
