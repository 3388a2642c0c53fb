import * as assert from 'node:assert/strict';
import { parseInstallCommand, type Tool } from '../../../src/core/intercept/parseInstallCommand';
import type { InstallCommand } from '../../../src/core/intercept/installCommand';
import { moduleInvocation } from '../../../src/core/intercept/pythonCommand';

const words = (line: string) => line.split(' ').filter(Boolean);

function install(tool: Tool, line: string): InstallCommand {
  const parsed = parseInstallCommand(tool, words(line));
  assert.equal(parsed.kind, 'install', `${tool} ${line}: ${JSON.stringify(parsed)}`);
  return parsed as InstallCommand;
}

describe('parseInstallCommand: pip', () => {
  const passThrough = [
    '',
    '--version',
    '-V',
    'list',
    'list --outdated --format json',
    'show six',
    'uninstall -y six',
    'download six -d /tmp/x',
    'freeze',
    'help install',
    'install --help',
    'install -h six',
    '--help install six',
    'install --dry-run six',
    'install',
    '-q install',
    'wheel six',
    'config list',
    '--log install list',
  ];
  for (const line of passThrough) {
    it(`passes through: pip ${line}`, () => assert.equal(parseInstallCommand('pip', words(line)).kind, 'pass-through'));
  }

  it('reads requirements, extras, markers, URLs and local paths as positionals', () => {
    const parsed = parseInstallCommand('pip', ['install', 'requests[socks]>=2.31', 'attrs; python_version >= "3.8"', 'name @ https://example.invalid/x.whl', './dist/pkg-1.0-py3-none-any.whl', 'git+https://example.invalid/repo.git#egg=repo']);
    assert.equal(parsed.kind, 'install');
    assert.deepEqual((parsed as InstallCommand).specs, ['requests[socks]>=2.31', 'attrs; python_version >= "3.8"', 'name @ https://example.invalid/x.whl', './dist/pkg-1.0-py3-none-any.whl', 'git+https://example.invalid/repo.git#egg=repo']);
  });

  it('reads -r, -c, -e in every spelling', () => {
    const c = install('pip', 'install -r a.txt --requirement b.txt --requirement=c.txt -rd.txt -c cons.txt --constraint=more.txt -e . --editable=../lib');
    assert.deepEqual(c.requirementFiles, ['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    assert.deepEqual(c.constraintFiles, ['cons.txt', 'more.txt']);
    assert.deepEqual(c.editables, ['.', '../lib']);
    assert.deepEqual(c.specs, []);
  });

  it('reads the index options; later -i wins, extras and find-links accumulate', () => {
    const c = install('pip', 'install -i https://a.invalid/simple --index-url https://b.invalid/simple --extra-index-url https://c.invalid/simple -f /wheels --find-links=/more --no-index six');
    assert.equal(c.indexUrl, 'https://b.invalid/simple');
    assert.deepEqual(c.extraIndexUrls, ['https://c.invalid/simple']);
    assert.deepEqual(c.findLinks, ['/wheels', '/more']);
    assert.equal(c.noIndex, true);
  });

  it('reads where the install goes: --target, --user, --prefix, --root', () => {
    assert.deepEqual(install('pip', 'install -t /tmp/t six').location, { kind: 'target', dir: '/tmp/t' });
    assert.deepEqual(install('pip', 'install --target=/tmp/t six').location, { kind: 'target', dir: '/tmp/t' });
    assert.deepEqual(install('pip', 'install --user six').location, { kind: 'user' });
    assert.deepEqual(install('pip', 'install --prefix /opt/p six').location, { kind: 'prefix', dir: '/opt/p' });
    assert.deepEqual(install('pip', 'install six').location, { kind: 'environment' });
    assert.equal(install('pip', 'install --root /r six').root, '/r');
  });

  it('reads the flags: -U, --no-deps, --pre, --require-hashes, and short clusters', () => {
    const c = install('pip', 'install -qU --no-deps --pre --require-hashes six');
    assert.deepEqual([c.upgrade, c.noDeps, c.pre, c.requireHashes], [true, true, true, true]);
    const plain = install('pip', 'install six');
    assert.deepEqual([plain.upgrade, plain.noDeps, plain.pre, plain.requireHashes], [false, false, false, false]);
    assert.deepEqual(install('pip', 'install -Ur req.txt').requirementFiles, ['req.txt']);
  });

  it('accepts unique abbreviations of long options and refuses ambiguous ones, as optparse does (checked against pip 23.2)', () => {
    const c = install('pip', 'install --upgrade-s eager --no-dependencies --requirem a.txt --ta /t six');
    assert.equal(c.noDeps, true);
    assert.deepEqual(c.requirementFiles, ['a.txt']);
    assert.deepEqual(c.location, { kind: 'target', dir: '/t' });
    // pip: "ambiguous option: --no-d (--no-dependencies, --no-deps?)" — two spellings of one option count as two.
    for (const written of ['--upgr', '--no-d', '--requir']) assert.equal(parseInstallCommand('pip', ['install', written, 'x.txt']).kind, 'unreadable', written);
  });

  it('general options before and after the command, values consumed', () => {
    const c = install('pip', '--disable-pip-version-check --timeout 60 --cache-dir /c install -v --proxy http://p.invalid:3128 six --log /tmp/l');
    assert.deepEqual(c.specs, ['six']);
    assert.equal(install('pip', '--python /venv/bin/python install six').python, '/venv/bin/python');
  });

  it('everything after -- is a requirement', () => {
    assert.deepEqual(install('pip', 'install -- -weird-name six').specs, ['-weird-name', 'six']);
  });

  it('an install it cannot read is unreadable, naming the option (not let through)', () => {
    const unknown = parseInstallCommand('pip', words('install --frobnicate six'));
    assert.deepEqual(unknown, { kind: 'unreadable', message: 'no such option: --frobnicate' });
    const ambiguous = parseInstallCommand('pip', words('install --use six'));
    assert.equal(ambiguous.kind, 'unreadable');
    assert.match((ambiguous as { message: string }).message, /ambiguous.*--user.*--use-pep517/);
    assert.equal(parseInstallCommand('pip', words('install six -r')).kind, 'unreadable');
    assert.match((parseInstallCommand('pip', words('install --user --target /t six')) as { message: string }).message, /exclude one another/);
  });
});

describe('parseInstallCommand: uv', () => {
  for (const line of ['--version', 'run python x.py', 'pip list', 'pip uninstall six', 'pip compile req.in', 'sync', 'lock', 'venv', 'pip install --help', 'pip install --dry-run six', 'tool install ruff']) {
    it(`passes through: uv ${line}`, () => assert.equal(parseInstallCommand('uv', words(line)).kind, 'pass-through'));
  }

  it('uv pip install with its own spellings (--requirements, --index, -p, --system)', () => {
    const c = install('uv', 'pip install -r a.txt --requirements b.txt --index https://x.invalid/simple --default-index https://d.invalid/simple -p /venv/bin/python --system --no-deps six');
    assert.equal(c.installer, 'uv-pip');
    assert.deepEqual(c.requirementFiles, ['a.txt', 'b.txt']);
    assert.deepEqual(c.extraIndexUrls, ['https://x.invalid/simple']);
    assert.equal(c.indexUrl, 'https://d.invalid/simple');
    assert.equal(c.python, '/venv/bin/python');
    assert.equal(c.system, true);
    assert.equal(c.noDeps, true);
    assert.deepEqual(c.specs, ['six']);
  });

  it('global options before the subcommand and between pip and install', () => {
    assert.deepEqual(install('uv', '-q --cache-dir /c pip --offline install six').specs, ['six']);
  });

  it('uv add reads its requirements; no abbreviations (clap)', () => {
    const c = install('uv', 'add --dev requests httpx>=0.27');
    assert.equal(c.installer, 'uv-add');
    assert.deepEqual(c.specs, ['requests', 'httpx>=0.27']);
    assert.equal(parseInstallCommand('uv', words('pip install --no-d six')).kind, 'unreadable');
  });
});

describe('parseInstallCommand: pipx', () => {
  it('pipx install SPEC with --index-url and --python', () => {
    const c = install('pipx', 'install --python python3.11 -i https://i.invalid/simple black==24.1.0');
    assert.equal(c.installer, 'pipx');
    assert.deepEqual(c.specs, ['black==24.1.0']);
    assert.equal(c.indexUrl, 'https://i.invalid/simple');
    assert.equal(c.python, 'python3.11');
  });
  for (const line of ['list', 'run black', 'uninstall black', '--version', 'install --help']) {
    it(`passes through: pipx ${line}`, () => assert.equal(parseInstallCommand('pipx', words(line)).kind, 'pass-through'));
  }
});

describe('moduleInvocation (python -m pip)', () => {
  const cases: Array<[string, { module: string; moduleArgs: string[] } | undefined]> = [
    ['-m pip install six', { module: 'pip', moduleArgs: ['install', 'six'] }],
    ['-I -m pip install six', { module: 'pip', moduleArgs: ['install', 'six'] }],
    ['-Im pip install six', { module: 'pip', moduleArgs: ['install', 'six'] }],
    ['-mpip install six', { module: 'pip', moduleArgs: ['install', 'six'] }],
    ['-W ignore -X dev -m pip --version', { module: 'pip', moduleArgs: ['--version'] }],
    ['-Wignore -m venv .venv', { module: 'venv', moduleArgs: ['.venv'] }],
    ['--check-hash-based-pycs never -m pip list', { module: 'pip', moduleArgs: ['list'] }],
    ['script.py -m pip install six', undefined],
    ['-c import\tos -m pip install', undefined],
    ['-', undefined],
    ['', undefined],
    ['--version', undefined],
    ['-h', undefined],
    ['-Sc pass -m pip install x', undefined],
  ];
  for (const [line, expected] of cases) {
    it(`python ${line || '(REPL)'}`, () => assert.deepEqual(moduleInvocation(words(line)), expected));
  }
});
