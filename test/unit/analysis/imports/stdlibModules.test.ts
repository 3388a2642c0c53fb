import * as assert from 'node:assert/strict';
import { PYTHON_VERSIONS, STDLIB_CHANGES, isStdlibModule, stdlibModules } from '../../../../src/core/analysis/imports';
import { STDLIB_3_11 } from '../../../../src/core/analysis/imports/stdlibModules';

describe('imports: standard-library modules', () => {
  it('knows the everyday modules on every version', () => {
    for (const version of PYTHON_VERSIONS) {
      for (const name of ['os', 'sys', 'json', 'subprocess', 'typing', 'asyncio', 'xml', '__future__', 'sqlite3']) {
        assert.ok(isStdlibModule(name, version), `${name} on ${version}`);
      }
    }
  });

  it('does not count third-party names', () => {
    for (const name of ['requests', 'yaml', 'numpy', 'django', 'six', 'tomli', 'os.path']) {
      assert.equal(isStdlibModule(name, '3.12'), false, name);
    }
  });

  it('follows additions: tomllib from 3.11, zoneinfo and graphlib from 3.9', () => {
    assert.equal(isStdlibModule('tomllib', '3.10'), false);
    assert.equal(isStdlibModule('tomllib', '3.11'), true);
    assert.equal(isStdlibModule('zoneinfo', '3.8'), false);
    assert.equal(isStdlibModule('zoneinfo', '3.9'), true);
    assert.equal(isStdlibModule('graphlib', '3.8'), false);
  });

  it('follows removals: distutils/imp/asynchat in 3.12, PEP 594 modules in 3.13, parser in 3.10', () => {
    for (const name of ['distutils', 'imp', 'asynchat', 'asyncore', 'smtpd']) {
      assert.equal(isStdlibModule(name, '3.11'), true, `${name} on 3.11`);
      assert.equal(isStdlibModule(name, '3.12'), false, `${name} on 3.12`);
    }
    for (const name of ['cgi', 'telnetlib', 'pipes', 'crypt', 'imghdr', 'lib2to3', 'uu']) {
      assert.equal(isStdlibModule(name, '3.12'), true, `${name} on 3.12`);
      assert.equal(isStdlibModule(name, '3.13'), false, `${name} on 3.13`);
    }
    assert.equal(isStdlibModule('parser', '3.9'), true);
    assert.equal(isStdlibModule('parser', '3.10'), false);
    assert.equal(isStdlibModule('binhex', '3.10'), true);
    assert.equal(isStdlibModule('binhex', '3.11'), false);
    assert.equal(isStdlibModule('dummy_threading', '3.8'), true);
    assert.equal(isStdlibModule('dummy_threading', '3.9'), false);
  });

  it('reproduces the 3.11 baseline exactly for 3.11 (the change list agrees with it)', () => {
    const baseline = new Set(STDLIB_3_11.split(/\s+/).filter(Boolean));
    assert.deepEqual([...stdlibModules('3.11')].sort(), [...baseline].sort());
    for (const change of STDLIB_CHANGES) {
      const in311 = (change.added ?? 0) <= 11 && (change.removed ?? 99) > 11;
      assert.equal(baseline.has(change.module), in311, change.module);
    }
  });
});
