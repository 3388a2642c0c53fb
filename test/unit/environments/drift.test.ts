import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDeclared } from '../../../src/core/environments/declared';
import { computeDrift } from '../../../src/core/environments/drift';
import type { InstalledDistribution, VerificationState } from '../../../src/core/environments/types';

const dist = (name: string, version: string, requires: string[] = []): InstalledDistribution => ({ name, key: name.toLowerCase(), version, installer: 'pip', distInfo: '', sitePackages: '', files: [], requires });

describe('environments: declared dependencies and drift', () => {
  let project: string;
  beforeEach(() => (project = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-drift-'))));
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  it('reads requirements*.txt (with -c constraints) and pyproject [project] dependencies and extras', () => {
    fs.writeFileSync(path.join(project, 'requirements.txt'), 'requests>=2\n-c constraints.txt\n');
    fs.writeFileSync(path.join(project, 'constraints.txt'), 'urllib3<3\n');
    fs.writeFileSync(path.join(project, 'requirements-dev.txt'), 'pytest\n');
    fs.writeFileSync(path.join(project, 'pyproject.toml'), '[project]\nname = "app"\ndependencies = ["Flask[async]>=3"]\n[project.optional-dependencies]\ndocs = ["sphinx"]\n');
    const declared = readDeclared(project);
    assert.deepEqual(declared.files, ['requirements-dev.txt', 'requirements.txt', 'pyproject.toml']);
    assert.deepEqual(
      declared.requirements.map((r) => `${r.name}${r.specifier}${r.constraint ? ' (c)' : ''} @ ${r.source}`),
      ['pytest @ requirements-dev.txt:1', 'requests>=2 @ requirements.txt:1', 'urllib3<3 (c) @ constraints.txt:1', 'flask>=3 @ pyproject.toml [project.dependencies]', 'sphinx @ pyproject.toml [project.optional-dependencies.docs]'],
    );
  });

  it('names a syntax error in pyproject.toml instead of failing', () => {
    fs.writeFileSync(path.join(project, 'pyproject.toml'), '[project\n');
    assert.match(readDeclared(project).problems[0], /^pyproject\.toml: /);
  });

  it('finds missing, out-of-range, undeclared (not a dependency) and never-verified packages', () => {
    const declared = [
      { name: 'requests', extras: [], specifier: '>=2', source: 'r.txt:1', constraint: false },
      { name: 'flask', extras: [], specifier: '<3', source: 'r.txt:2', constraint: false },
      { name: 'missing-one', extras: [], specifier: '', source: 'r.txt:3', constraint: false },
      { name: 'win-only', extras: [], specifier: '', marker: 'sys_platform == "win32"', source: 'r.txt:4', constraint: false },
      { name: 'urllib3', extras: [], specifier: '<2', source: 'c.txt:1', constraint: true },
    ];
    const installed = [
      dist('requests', '2.32.3', ['urllib3<3', 'idna', 'socks ; extra == "socks"']),
      dist('urllib3', '2.2.0'),
      dist('idna', '3.7'),
      dist('flask', '3.1.0'),
      dist('stray', '1.0'),
      dist('pip', '24.0'),
    ];
    const states = new Map<string, VerificationState>([['requests', 'verified'], ['flask', 'unverified']]);
    const drift = computeDrift(declared, installed, states, '3.11.7');
    assert.deepEqual(drift.map((d) => `${d.kind}:${d.name}`), ['version-mismatch:flask', 'missing:missing-one', 'version-mismatch:urllib3', 'undeclared:stray', 'never-verified:flask']);
  });
});
