import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { FakeEngine } from '../../../src/core/sandbox/fake';
import type { SandboxRecord } from '../../../src/core/sandbox/engine';
import type { SandboxDriver } from '../../integration/sandbox/contract/driver';
import { engineContract } from '../../integration/sandbox/contract/engineContract';

/** The contract's driver over the fake's in-memory tree, listing in the same format as the Python driver. */
function fakeDriver(engine: FakeEngine): SandboxDriver {
  const files = (record: SandboxRecord) => engine.files(record.name);
  const ns = ([seconds, nanos]: [number, number]) => BigInt(seconds) * 1_000_000_000n + BigInt(nanos);
  return {
    async apply(record, ops) {
      const tree = files(record);
      for (const change of ops) {
        if (change.op === 'write') tree.write(change.path, change.text, { mode: change.mode, ...(change.mtime ? { mtimeNs: ns(change.mtime) } : {}) });
        else if (change.op === 'append') tree.append(change.path, change.text);
        else if (change.op === 'mkdir') tree.mkdir(change.path, { mode: change.mode });
        else if (change.op === 'symlink') tree.symlink(change.target, change.path);
        else if (change.op === 'chmod') tree.chmod(change.path, change.mode);
        else if (change.op === 'utime') tree.utime(change.path, ns(change.mtime));
        else tree.remove(change.path);
      }
    },
    async listing(record) {
      return files(record)
        .list()
        .map(([file, entry]) => {
          const relative = path.posix.relative(record.workDir, file);
          const shown = relative === '' ? '.' : `./${relative}`;
          if (entry.type === 'symlink') return `l ${shown} -> ${entry.target} ${entry.mtimeNs}`;
          if (entry.type === 'dir') return `d ${shown} ${entry.mode.toString(8)} ${entry.mtimeNs}`;
          return `f ${shown} ${entry.mode.toString(8)} ${entry.mtimeNs} ${entry.content.length} ${createHash('sha256').update(entry.content).digest('hex')}`;
        });
    },
    async read(record, relativePath) {
      return files(record).readText(relativePath);
    },
  };
}

describe('FakeEngine', function () {
  this.timeout(20_000);
  engineContract('fake (in memory)', () => new FakeEngine(), {
    commands: 'the fake runs no commands: exec answers from programmable handlers (fakeEngine.test.ts covers them)',
    listsOnlyItsOwn: true,
    driver: (engine) => fakeDriver(engine as FakeEngine),
  });
});
