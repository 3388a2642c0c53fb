import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostScratch, SCRATCH_PREFIX } from '../../../../src/core/packages/ingest/hostScratch';

describe('gate host scratch dirs', () => {
  it('are named with the pid, disposed completely, and reaped only when their process is gone', () => {
    const scratch = new HostScratch();
    assert.ok(path.basename(scratch.dir).startsWith(`${SCRATCH_PREFIX}${process.pid}-`));
    fs.writeFileSync(path.join(scratch.sub('a/b'), 'f'), 'x');

    const dead = spawnSync('true').pid!;
    const orphan = fs.mkdtempSync(path.join(os.tmpdir(), `${SCRATCH_PREFIX}${dead}-`));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), `${SCRATCH_PREFIX}fixtures-`));
    try {
      HostScratch.reapOrphans();
      assert.equal(fs.existsSync(orphan), false, 'the dead process\'s dir is reaped');
      assert.equal(fs.existsSync(scratch.dir), true, 'a live process\'s dir stays');
      assert.equal(fs.existsSync(other), true, 'a dir not named by a pid is never touched');
      scratch.dispose();
      scratch.dispose();
      assert.equal(fs.existsSync(scratch.dir), false);
    } finally {
      fs.rmSync(orphan, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
