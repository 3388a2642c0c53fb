import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gateSettings, resolveGateConfig } from '../../../src/core/intercept/gateConfig';

describe('gate settings for intercepted installs (layered)', () => {
  let root: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-gateconfig-'));
    project = path.join(root, 'project', 'src');
    fs.mkdirSync(project, { recursive: true });
    fs.mkdirSync(path.join(root, 'xdg', 'snakepit'), { recursive: true });
    env = { XDG_CONFIG_HOME: path.join(root, 'xdg') };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const userFile = () => path.join(root, 'xdg', 'snakepit', 'config.toml');
  const pyproject = () => path.join(root, 'project', 'pyproject.toml');

  it('defaults when nothing is set', () => {
    const resolved = resolveGateConfig(project, env);
    assert.deepEqual(gateSettings(resolved), { engine: 'auto', runtime: 'auto', allowWarn: false });
    assert.ok(resolved.every((s) => s.source.kind === 'default'));
  });

  it('environment > project pyproject [tool.snakepit.gate] > user config.toml, key by key, each with its source', () => {
    fs.writeFileSync(userFile(), '[gate]\nengine = "docker"\nruntime = "runc"\nimage = "me/python:1"\n');
    fs.writeFileSync(pyproject(), '[project]\nname = "x"\n[tool.snakepit.gate]\nengine = "bubblewrap"\nallow-warn = true\n');
    const resolved = resolveGateConfig(project, { ...env, SNAKEPIT_RUNTIME: 'runsc' });
    assert.deepEqual(gateSettings(resolved), { engine: 'bubblewrap', runtime: 'runsc', image: 'me/python:1', allowWarn: true });
    const source = Object.fromEntries(resolved.map((s) => [s.name, s.source]));
    assert.deepEqual(source.engine, { kind: 'file', file: pyproject(), table: '[tool.snakepit.gate]' });
    assert.deepEqual(source.runtime, { kind: 'env', variable: 'SNAKEPIT_RUNTIME' });
    assert.deepEqual(source.image, { kind: 'file', file: userFile(), table: '[gate]' });
  });

  it('snakepit.toml [gate] wins over pyproject.toml in the same directory', () => {
    fs.writeFileSync(pyproject(), '[tool.snakepit.gate]\nengine = "bubblewrap"\n');
    fs.writeFileSync(path.join(root, 'project', 'snakepit.toml'), '[gate]\nengine = "venv"\n');
    assert.equal(gateSettings(resolveGateConfig(project, env)).engine, 'venv');
  });

  it('a bad value names the variable or the file and key, and what it may be', () => {
    assert.throws(() => resolveGateConfig(project, { ...env, SNAKEPIT_ENGINE: 'podman' }), /SNAKEPIT_ENGINE=podman: expected one of auto, docker, bubblewrap, venv/);
    assert.throws(() => resolveGateConfig(project, { ...env, SNAKEPIT_ALLOW_WARN: 'maybe' }), /SNAKEPIT_ALLOW_WARN=maybe: expected 1\/0, true\/false/);
    fs.writeFileSync(pyproject(), '[tool.snakepit.gate]\nruntime = "kata"\n');
    assert.throws(() => resolveGateConfig(project, env), new RegExp(`${pyproject().replace(/[.]/g, '\\.')}: \\[tool\\.snakepit\\.gate\\] runtime=kata: expected one of auto, runc, runsc`));
    fs.writeFileSync(pyproject(), '[tool.snakepit.gate]\nengnie = "docker"\n');
    assert.throws(() => resolveGateConfig(project, env), /engnie is not a gate setting; known: engine, runtime, image, allow-warn/);
    fs.writeFileSync(userFile(), '[gate\n');
    fs.rmSync(pyproject());
    assert.throws(() => resolveGateConfig(project, env), new RegExp(`${userFile().replace(/[.]/g, '\\.')}:1:\\d+: .*fix the TOML`));
  });
});
