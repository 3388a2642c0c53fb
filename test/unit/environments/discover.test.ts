import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverEnvironments } from '../../../src/core/environments/discover';

/**
 * pyenv, conda, virtualenvwrapper, Poetry and Pipenv layouts are faked here (directories with a
 * `bin/python` file and pyvenv.cfg, as those tools lay them out), because the tools themselves are not
 * installed on the test machine; no interpreter runs (system interpreters are skipped). The
 * integration tests use real venvs.
 */
describe('environments: discovery of the known layouts', () => {
  let home: string;
  const prefix = (dir: string, cfg?: string, lib = 'python3.11') => {
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'bin', 'python'), '');
    fs.mkdirSync(path.join(dir, 'lib', lib, 'site-packages'), { recursive: true });
    if (cfg !== undefined) fs.writeFileSync(path.join(dir, 'pyvenv.cfg'), cfg);
  };
  beforeEach(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-discover-'))));
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('finds project venvs, WORKON_HOME, pyenv versions and virtualenvs, conda, Poetry, Pipenv and uv, each once', async () => {
    const project = path.join(home, 'project');
    prefix(path.join(project, '.venv'), 'home = /usr/bin\nversion = 3.11.7\n');
    prefix(path.join(project, 'service', 'venv'), 'version_info = 3.12.1.final.0\n', 'python3.12');
    prefix(path.join(home, '.virtualenvs', 'work'), 'version = 3.10.13\n', 'python3.10');
    prefix(path.join(home, '.pyenv', 'versions', '3.13.0'), undefined, 'python3.13');
    prefix(path.join(home, '.pyenv', 'versions', '3.13.0', 'envs', 'tools'), 'version = 3.13.0\n', 'python3.13');
    fs.symlinkSync(path.join(home, '.pyenv', 'versions', '3.13.0', 'envs', 'tools'), path.join(home, '.pyenv', 'versions', 'tools'));
    prefix(path.join(home, 'miniconda', 'envs', 'science'), undefined, 'python3.9');
    fs.mkdirSync(path.join(home, '.conda'));
    fs.writeFileSync(path.join(home, '.conda', 'environments.txt'), `${path.join(home, 'miniconda', 'envs', 'science')}\n${path.join(home, 'gone')}\n`);
    prefix(path.join(home, '.cache', 'pypoetry', 'virtualenvs', 'app-Ab12Cd34-py3.11'), 'version = 3.11.7\n');
    prefix(path.join(home, '.local', 'share', 'virtualenvs', 'web-XyZ987'), 'version = 3.11.7\n');
    prefix(path.join(home, '.local', 'share', 'uv', 'python', 'cpython-3.12.4-linux-x86_64-gnu'), undefined, 'python3.12');
    const found = await discoverEnvironments({ roots: [project], env: { HOME: home, PATH: '' }, skipSystem: true });
    const summary = found.map((e) => `${e.kind} ${e.name} ${e.version} ${e.isVirtualEnv ? 'venv' : 'base'}`).sort();
    assert.deepEqual(summary, [
      'conda conda:science 3.9 base',
      'pipenv pipenv:web-XyZ987 3.11.7 venv',
      'poetry poetry:app-Ab12Cd34-py3.11 3.11.7 venv',
      'pyenv pyenv:3.13.0 3.13.0 base',
      'pyenv-virtualenv pyenv:3.13.0/envs/tools 3.13.0 venv',
      'uv-python uv:cpython-3.12.4-linux-x86_64-gnu 3.12 base',
      'virtualenvwrapper workon:work 3.10.13 venv',
      'workspace .venv 3.11.7 venv',
      'workspace service/venv 3.12.1 venv',
    ]);
    assert.ok(found.every((e) => e.writable));
  });

  it('finds nothing, without failing, where nothing is laid out', async () => {
    assert.deepEqual(await discoverEnvironments({ roots: [path.join(home, 'nope')], env: { HOME: home, PATH: '' }, skipSystem: true }), []);
  });
});
