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
    limits: {
      pids: true,
      cpus: true,
      // The limit holds (the hog is killed), but podman 4.3's service records an `oom` event only when conmon sees the
      // container's main process die of it, never for an exec'd command: the kill cannot be told from another SIGKILL.
      memory: 'Podman records no out-of-memory event for an exec\'d command, so the engine cannot say that is why it was killed',
    },
    listsOnlyItsOwn: true,
  });
});
