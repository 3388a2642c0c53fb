import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_EXCLUDE, findNearestPyproject, loadConfig } from '../../../../src/core/analysis/config';

const fixtures = path.join(__dirname, '..', '..', '..', 'fixtures', 'config');
const fixture = (...parts: string[]): string => path.join(fixtures, ...parts);

describe('config: loadConfig', () => {
  it('finds the nearest pyproject.toml from a file or a nested directory', () => {
    const expected = fixture('full', 'pyproject.toml');
    assert.equal(findNearestPyproject(fixture('full', 'src', 'pkg', 'mod.py')), expected);
    assert.equal(findNearestPyproject(fixture('full', 'nested', 'deeper')), expected);
    assert.equal(findNearestPyproject(fixture('full', 'src', 'pkg', 'missing.py')), expected);
  });

  it('reads [tool.snakepit] and lets it override [tool.bandit]', () => {
    const { config, files, errors } = loadConfig(fixture('full', 'src', 'pkg', 'mod.py'));
    assert.deepEqual(errors, []);
    assert.deepEqual(files, [fixture('full', 'pyproject.toml')]);
    assert.equal(config.root, fixture('full'));
    assert.deepEqual(config.select, ['B', 'SP']);
    assert.deepEqual(config.ignore, ['B101', 'B404']);
    assert.equal(config.banditTests, null, "snakepit's select supersedes Bandit's tests");
    assert.equal(config.severity, 'medium');
    assert.equal(config.confidence, 'high');
    assert.equal(config.maxCyclomatic, 12);
    assert.equal(config.maxCognitive, 20);
    assert.equal(config.pythonVersion, '3.11', 'python-version beats requires-python');
    assert.deepEqual(config.exclude, [...DEFAULT_EXCLUDE, 'generated', 'src/legacy', 'tests']);
  });

  it('lets CLI flags override [tool.snakepit]', () => {
    const { config } = loadConfig(fixture('full'), { select: ['SP'], severity: 'high', maxCyclomatic: 5, exclude: ['only'], ignore: ['SP100'] });
    assert.deepEqual(config.select, ['SP']);
    assert.equal(config.severity, 'high');
    assert.equal(config.confidence, 'high');
    assert.equal(config.maxCyclomatic, 5);
    assert.deepEqual(config.exclude, ['only', 'generated', 'src/legacy', 'tests']);
    assert.deepEqual(config.ignore, ['SP100', 'B101', 'B404']);
  });

  it('uses [tool.bandit] when there is no [tool.snakepit], ignoring its other keys', () => {
    const { config, errors } = loadConfig(fixture('bandit-only', 'sub'));
    assert.deepEqual(errors, []);
    assert.deepEqual(config.banditTests, ['B201', 'B301']);
    assert.deepEqual(config.ignore, ['B301']);
    assert.deepEqual(config.select, ['ALL']);
    assert.ok(config.exclude.includes('venv'));
    assert.ok(config.exclude.includes('scripts'));
  });

  it('reads a .bandit INI file', () => {
    const { config, files, errors } = loadConfig(fixture('ini', 'sub'));
    assert.deepEqual(errors, []);
    assert.ok(files.includes(fixture('ini', '.bandit')));
    assert.deepEqual(config.ignore, ['B101', 'B311']);
    assert.deepEqual(config.banditTests, ['B101', 'B602']);
    assert.ok(config.exclude.includes('tests'));
    assert.ok(config.exclude.includes('docs'));
  });

  it('takes the python version from requires-python when not set', () => {
    assert.equal(loadConfig(fixture('requires')).config.pythonVersion, '3.10');
  });

  it('reports each invalid value with file, key and remedy, and falls back for it', () => {
    const { config, errors } = loadConfig(fixture('invalid'));
    const file = fixture('invalid', 'pyproject.toml');
    const byKey = new Map(errors.map((e) => [e.key, e]));
    assert.deepEqual([...byKey.keys()].sort(), [
      '[tool.bandit].skips',
      '[tool.snakepit].colour',
      '[tool.snakepit].confidence',
      '[tool.snakepit].max-cyclomatic',
      '[tool.snakepit].max_cognitive',
      '[tool.snakepit].python-version',
      '[tool.snakepit].select',
      '[tool.snakepit].severity',
    ]);
    for (const error of errors) {
      assert.equal(error.file, file);
      assert.ok(error.message.startsWith(`${file}: ${error.key}: `), error.message);
    }
    assert.match(byKey.get('[tool.snakepit].severity')!.message, /low, medium, high.*"critical"/);
    assert.match(byKey.get('[tool.snakepit].max_cognitive')!.message, /Did you mean "max-cognitive"\?/);
    assert.match(byKey.get('[tool.snakepit].select')!.message, /"NOT A RULE"/);
    assert.match(byKey.get('[tool.snakepit].python-version')!.message, /"3\.8".*"3\.13"/);
    assert.match(byKey.get('[tool.bandit].skips')!.message, /must be a list of strings/);
    assert.equal(config.severity, 'low');
    assert.equal(config.confidence, 'low');
    assert.equal(config.maxCyclomatic, 10);
    assert.equal(config.maxCognitive, 15);
    assert.deepEqual(config.select, ['ALL']);
    assert.deepEqual(config.exclude, ['build'], 'a single string is accepted as a list');
  });

  it('reports a TOML syntax error with its line and uses the defaults', () => {
    const { config, errors, files } = loadConfig(fixture('syntax'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].key, '(syntax)');
    assert.equal(errors[0].line, 2);
    assert.match(errors[0].message, /pyproject\.toml:2: \(syntax\): is not valid TOML/);
    assert.deepEqual(files, []);
    assert.equal(config.severity, 'low');
  });
});
