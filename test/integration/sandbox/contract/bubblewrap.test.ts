import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BubblewrapEngine } from '../../../../src/core/sandbox/bubblewrap';
import { cgroupVersion } from '../../../../src/core/sandbox/hostDir/cgroup';
import { engineContract } from './engineContract';

/** Limits need a cgroup we can write (root, or a delegated subtree); otherwise only rlimits apply, which do not hold a fork bomb to the sandbox. */
function cgroupsWritable(): true | string {
  const version = cgroupVersion();
  const dir = version === 2 ? '/sys/fs/cgroup' : version === 1 ? '/sys/fs/cgroup/pids' : undefined;
  if (!dir) return 'no cgroup file system: bubblewrap falls back to rlimits';
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return `${dir} is not writable here: bubblewrap falls back to rlimits (RLIMIT_NPROC counts all of the user's processes)`;
  }
}

describe('bubblewrap (real bwrap)', function () {
  this.timeout(300_000);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-contract-bwrap-'));
  after(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  const cgroups = cgroupsWritable();
  engineContract('bubblewrap', () => new BubblewrapEngine(stateDir), {
    unusableImage: '/nonexistent/python3',
    limits: { pids: cgroups, memory: true, cpus: cgroups === true ? true : 'no writable cgroup: no CPU share' },
    listsOnlyItsOwn: true,
  });
});
