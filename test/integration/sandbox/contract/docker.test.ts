import { spawnSync } from 'node:child_process';
import { DockerEngine } from '../../../../src/core/sandbox/docker';
import { engineContract } from './engineContract';

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';

describe('docker (real Docker engine)', function () {
  this.timeout(300_000);
  before(function () {
    const info = spawnSync('docker', ['info'], { encoding: 'utf8' });
    if (info.status !== 0) {
      console.log(`    Skipping the docker engine contract: \`docker info\` failed (${(info.stderr || String(info.error)).trim()}). Run .ci/provision-docker.sh.`);
      this.skip();
    }
  });

  // A scope of this run's own: listOwned sees only what this suite makes, never another run's sandboxes.
  const scope = `contract-${process.pid}-${Date.now()}`;
  engineContract('docker', () => new DockerEngine(undefined, scope), {
    spec: { image: IMAGE },
    unusableImage: 'snakepit/does-not-exist:never',
    limits: { pids: true, memory: true, cpus: true },
    listsOnlyItsOwn: true,
  });
});
