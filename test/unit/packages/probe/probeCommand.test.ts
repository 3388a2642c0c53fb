import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activatePthCommand, importProbeCommand, PROBE_MOUNT, probeEnv, probeMount } from '../../../../src/core/packages/gate/probe';

describe('probe commands', () => {
  it('mounts the repository python/ dir read-only, with the probe package in it', () => {
    const mount = probeMount();
    assert.equal(mount.sandboxPath, PROBE_MOUNT);
    assert.equal(mount.readOnly, true);
    for (const file of ['hook.py', 'import_modules.py', '_child.py', 'activate.py', 'startup/sitecustomize.py']) {
      assert.ok(fs.existsSync(path.join(mount.hostPath, 'snakepit_probe', file)), file);
    }
  });

  it('builds the import probe command with limits, blocking and allowed dirs', () => {
    const { argv, env } = importProbeCommand({ modules: ['a', 'b.c'], eventsPath: '/tmp/e', resultPath: '/tmp/r', workDir: '/work', timeoutSeconds: 5, memoryLimitMb: 256, block: ['network'], allowWrite: ['/work/out'] });
    assert.deepEqual(argv, ['python', '-S', '-m', 'snakepit_probe.import_modules', '--modules', 'a,b.c', '--events', '/tmp/e', '--result', '/tmp/r', '--timeout-s', '5', '--memory-mb', '256', '--block', 'network', '--allow-write', '/work/out']);
    assert.deepEqual(env, { PYTHONPATH: PROBE_MOUNT, HOME: '/work/.snakepit-home', PYTHONDONTWRITEBYTECODE: '1' });
  });

  it('refuses module names that are not Python identifiers, naming them', () => {
    assert.throws(() => importProbeCommand({ modules: ['ok', 'x;rm -rf /', '-m'], eventsPath: 'e', resultPath: 'r', workDir: '/work' }), /\["x;rm -rf \/","-m"\].*module names/);
    assert.throws(() => importProbeCommand({ modules: [], eventsPath: 'e', resultPath: 'r', workDir: '/work' }), /Cannot probe modules/);
  });

  it('gives the install phase its events file, phase and home', () => {
    assert.deepEqual(probeEnv({ phase: 'install', eventsPath: '/tmp/i.jsonl', workDir: '/work', block: 'none', allowWrite: ['/a', '/b'] }), {
      SNAKEPIT_PROBE_EVENTS: '/tmp/i.jsonl',
      SNAKEPIT_PROBE_PHASE: 'install',
      HOME: '/work/.snakepit-home',
      PYTHONDONTWRITEBYTECODE: '1',
      SNAKEPIT_PROBE_BLOCK: 'none',
      SNAKEPIT_PROBE_ALLOW_WRITE: '/a:/b',
    });
    const activate = activatePthCommand('/work');
    assert.equal(activate.env.PYTHONPATH, PROBE_MOUNT);
    assert.equal(activate.argv.at(-1), '/work/.snakepit-home');
  });
});
