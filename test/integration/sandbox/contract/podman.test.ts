import { PodmanEngine } from '../../../../src/core/sandbox/podman';
import { engineContract } from './engineContract';

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';

// Podman's Docker-compatible service (.ci/provision-podman.sh starts it and loads the test image). The engine says
// whether it answers: when it does not, the contract is skipped with its reason.
describe('podman (real Podman service)', function () {
  this.timeout(300_000);
  // A scope of this run's own: listOwned sees only what this suite makes, never another run's sandboxes.
  const scope = `contract-${process.pid}-${Date.now()}`;
  engineContract('podman', () => new PodmanEngine(scope), {
    spec: { image: IMAGE },
    unusableImage: 'snakepit/does-not-exist:never',
    limits: { pids: true, memory: true, cpus: true },
    listsOnlyItsOwn: true,
  });
});
