import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  parseRequirementsFile,
  pyprojectDependencyNames,
  readDeclaredDependencies,
  setupCfgRequirements,
  setupPyRequirements,
} from '../../../../src/core/analysis/imports';
import { parseToml } from '../../../../src/core/analysis/config/toml';

const fixtures = path.join(__dirname, '..', '..', '..', 'fixtures', 'imports');

describe('imports: declared dependencies', () => {
  it('parses requirement lines minimally', () => {
    const parsed = parseRequirementsFile(
      [
        '# comment',
        'requests[socks]>=2.31 ; python_version >= "3.8"',
        'PyYAML==6.0.1  # inline comment',
        '',
        '-r other.txt',
        '--requirement=more.txt',
        '-c constraints.txt',
        '--index-url https://example.invalid/simple',
        '-e git+https://example.invalid/x.git#egg=attrs',
        'pkg @ https://example.invalid/pkg.whl',
        'https://example.invalid/anon.whl#sha256=abc',
        'beautifulsoup4 \\',
        '    >=4.12',
        './vendor/local_pkg',
        'numpy --hash=sha256:abc',
      ].join('\n'),
    );
    assert.deepEqual(parsed.names, ['requests', 'PyYAML', 'attrs', 'pkg', 'beautifulsoup4', 'numpy']);
    assert.deepEqual(parsed.includes, ['other.txt', 'more.txt']);
  });

  it('reads [project], optional dependencies, dependency groups and build requirements', () => {
    const doc = parseToml(
      [
        '[project]',
        'name = "me"',
        'dependencies = ["Flask>=3", "python-dateutil"]',
        '[project.optional-dependencies]',
        'x = ["pycryptodome"]',
        '[dependency-groups]',
        'test = ["pytest", { include-group = "x" }]',
        '[build-system]',
        'requires = ["setuptools>=68"]',
      ].join('\n'),
    );
    assert.deepEqual(pyprojectDependencyNames(doc), ['me', 'Flask', 'python-dateutil', 'pycryptodome', 'pytest', 'setuptools']);
  });

  it('reads Poetry dependency tables without python', () => {
    const doc = parseToml(
      [
        '[tool.poetry]',
        'name = "p"',
        '[tool.poetry.dependencies]',
        'python = "^3.11"',
        'Django = "^5"',
        '[tool.poetry.dev-dependencies]',
        'black = "*"',
        '[tool.poetry.group.test.dependencies]',
        'pytest-django = "*"',
      ].join('\n'),
    );
    assert.deepEqual(pyprojectDependencyNames(doc), ['p', 'Django', 'black', 'pytest-django']);
  });

  it('ignores malformed pyproject parts', () => {
    assert.deepEqual(pyprojectDependencyNames({ project: { dependencies: 'requests' }, tool: 3 }), []);
  });

  it('reads setup.cfg and literal setup.py install_requires', () => {
    const cfg = ['[metadata]', 'name = x', '[options]', 'install_requires =', '    requests>=2', '    click', 'zip_safe = False', '[options.extras_require]', 'dev = pytest'].join('\n');
    assert.deepEqual(setupCfgRequirements(cfg), ['requests', 'click', 'pytest']);
    assert.deepEqual(setupPyRequirements('setup(install_requires=["requests>=2", \'six\'])'), ['requests', 'six']);
    assert.equal(setupPyRequirements('setup(install_requires=reqs)'), undefined);
  });

  it('reads a workspace of requirement files, following -r includes once', () => {
    const declared = readDeclaredDependencies(path.join(fixtures, 'ws-requirements'));
    assert.deepEqual([...declared.names].sort(), ['attrs', 'beautifulsoup4', 'opencv-python-headless', 'pytest', 'pyyaml', 'requests']);
    assert.equal(declared.complete, true);
    assert.equal(declared.sources.length, 3);
  });

  it('reads a pyproject workspace', () => {
    const declared = readDeclaredDependencies(path.join(fixtures, 'ws-pyproject'));
    assert.ok(declared.names.has('scikit-learn'));
    assert.ok(declared.names.has('flask'));
    assert.ok(declared.names.has('my-app'));
  });

  it('marks a computed setup.py install_requires as incomplete', () => {
    const declared = readDeclaredDependencies(path.join(fixtures, 'ws-setup-dynamic'));
    assert.equal(declared.complete, false);
  });

  it('declares nothing for a workspace without declaration files', () => {
    const declared = readDeclaredDependencies(path.join(fixtures, 'no-such-dir'));
    assert.equal(declared.sources.length, 0);
    assert.equal(declared.names.size, 0);
  });
});
