import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_CHOICES, ENGINE_KINDS } from '../../../src/core/sandbox/engine';
import { FakeEngine } from '../../../src/core/sandbox/fake';
import { podmanEndpoint } from '../../../src/core/sandbox/podman';
import { podmanApi } from '../../../src/core/sandbox/podman/podmanApi';
import { fittingUlimits } from '../../../src/core/sandbox/podman/podmanClient';
import { hardLimit } from '../../../src/core/sandbox/podman/hostLimits';
import { selectEngine } from '../../../src/core/sandbox/selectEngine';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             96362                32768                processes
Max open files            1024                 unlimited            files
`;

describe('podman engine (without Podman)', () => {
  describe('podmanEndpoint', () => {
    it('uses CONTAINER_HOST when set, as podman --remote does', () => {
      assert.deepEqual(podmanEndpoint({ CONTAINER_HOST: 'unix:///srv/podman.sock' }, 1000).options, { socketPath: '/srv/podman.sock' });
      const tcp = podmanEndpoint({ CONTAINER_HOST: 'tcp://10.0.0.5:8888' }, 1000);
      assert.deepEqual(tcp.options, { host: '10.0.0.5', port: 8888, protocol: 'http' });
      assert.equal(tcp.unusable, undefined);
    });

    it("takes the rootful socket for root and the user's runtime dir otherwise", () => {
      assert.equal(podmanEndpoint({}, 0).url, 'unix:///run/podman/podman.sock');
      assert.equal(podmanEndpoint({ XDG_RUNTIME_DIR: '/run/user/1234' }, 1234).url, 'unix:///run/user/1234/podman/podman.sock');
      assert.equal(podmanEndpoint({}, 1234).url, 'unix:///run/user/1234/podman/podman.sock');
    });

    it('says why an address it cannot use is unusable, naming it, and the engine is then unavailable', async () => {
      const ssh = podmanEndpoint({ CONTAINER_HOST: 'ssh://me@build.invalid/run/podman/podman.sock' }, 0);
      assert.match(ssh.unusable ?? '', /CONTAINER_HOST is ssh:\/\/me@build\.invalid.*unix:\/\/ or tcp:\/\//);
      const garbage = podmanEndpoint({ CONTAINER_HOST: 'not an address' }, 0);
      assert.match(garbage.unusable ?? '', /"not an address".*not an address/);
      const availability = await podmanApi(ssh).available(undefined as never);
      assert.deepEqual(availability, { ok: false, reason: ssh.unusable });
    });
  });

  describe('rlimits Podman can apply', () => {
    it('reads hard limits from /proc/self/limits, unlimited as none', () => {
      assert.equal(hardLimit('Max processes', LIMITS), 32768);
      assert.equal(hardLimit('Max open files', LIMITS), undefined);
      assert.equal(hardLimit('Max locked memory', LIMITS), undefined);
    });

    it('asks for nofile and nproc no higher than this process may have', () => {
      const limits = Object.fromEntries(fittingUlimits().map((u) => [u.Name, u]));
      const nproc = hardLimit('Max processes');
      const nofile = hardLimit('Max open files');
      assert.ok(limits.nproc.Hard <= (nproc ?? Infinity) && limits.nproc.Hard <= 32768 && limits.nproc.Soft === limits.nproc.Hard, JSON.stringify(limits));
      assert.ok(limits.nofile.Hard <= (nofile ?? Infinity) && limits.nofile.Soft <= limits.nofile.Hard, JSON.stringify(limits));
    });

    it("explains Podman's own failures with what to do", () => {
      const api = podmanApi(podmanEndpoint({}, 0));
      assert.match(api.explain('runc create failed: error setting rlimit type 6: operation not permitted') ?? '', /nproc limit.*default_ulimits.*containers\.conf/);
      assert.match(api.explain('container-init binary not found on the host: stat /usr/libexec/podman/catatonit') ?? '', /apt-get install catatonit/);
      assert.equal(api.explain('no such image'), undefined);
      assert.deepEqual(api.execCommand(), { cli: 'podman', args: ['--url', 'unix:///run/podman/podman.sock', 'exec'] });
    });
  });

  describe('engine kinds', () => {
    it('auto tries docker, then podman, then bubblewrap, then venv', async () => {
      const engines = Object.fromEntries(ENGINE_KINDS.map((kind) => [kind, new FakeEngine({ kind, isolated: kind !== 'venv' })]));
      engines.docker.availability = { ok: false, reason: 'no docker socket' };
      const chosen = await selectEngine('auto', engines);
      assert.equal(chosen.engine.kind, 'podman');
      assert.match(chosen.reason, /^podman: .*\(docker unavailable: no docker socket\)$/);
      assert.equal((await selectEngine('podman', engines)).engine, engines.podman);
    });

    it('package.json offers exactly ENGINE_CHOICES wherever an engine is chosen (settings and the debug launch attribute)', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { contributes: unknown };
      const enums: string[][] = [];
      const visit = (node: unknown, key?: string) => {
        if (Array.isArray(node)) node.forEach((n) => visit(n));
        else if (node && typeof node === 'object') {
          const object = node as Record<string, unknown>;
          if (key !== undefined && /engine$/i.test(key) && Array.isArray(object.enum)) {
            enums.push(object.enum as string[]);
            if (object.enumDescriptions) assert.equal((object.enumDescriptions as string[]).length, (object.enum as string[]).length, `${key}: one description per engine`);
          }
          for (const [k, v] of Object.entries(object)) visit(v, k);
        }
      };
      visit(manifest.contributes);
      assert.ok(enums.length >= 3, `found ${enums.length} engine enums`);
      for (const list of enums) assert.deepEqual(list, [...ENGINE_CHOICES]);
    });
  });
});
