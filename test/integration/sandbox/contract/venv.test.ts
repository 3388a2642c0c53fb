import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VenvEngine } from '../../../../src/core/sandbox/venv';
import { engineContract } from './engineContract';

describe('venv (no isolation)', function () {
  this.timeout(300_000);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-contract-venv-'));
  after(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  // Network and host isolation are skipped because the engine says it is not isolated (engine.isolated).
  engineContract('venv', () => new VenvEngine(stateDir), {
    unusableImage: '/nonexistent/python3',
    limits: {
      pids: "venv applies only RLIMIT_NPROC, which counts every process of the user (root ignores it): a fork bomb would reach the host",
      memory: true,
      cpus: 'venv applies only RLIMIT_CPU (a CPU-seconds ceiling), no CPU share',
    },
    listsOnlyItsOwn: true,
  });
});
