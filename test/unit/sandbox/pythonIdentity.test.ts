import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describePython, parsePythonIdentity, PYTHON_IDENTITY_SCRIPT } from '../../../src/core/sandbox/pythonIdentity';

describe('which Python ran (debug and profile headers)', function () {
  this.timeout(60_000);

  it('reads what the script prints under a real python3', () => {
    const identity = parsePythonIdentity(execFileSync('python3', ['-c', PYTHON_IDENTITY_SCRIPT], { encoding: 'utf8' }));
    assert.ok(identity);
    const version = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
    assert.equal(identity.version, version);
    assert.match(describePython(identity), new RegExp(`^Python ${version.replace(/\./g, '\\.')} \\(/.+, (system|virtual) environment /`));
  });

  it('says virtual environment for a venv prefix', () => {
    assert.equal(describePython({ version: '3.12.1', executable: '/work/.venv/bin/python3', prefix: '/work/.venv', venv: true }), 'Python 3.12.1 (/work/.venv/bin/python3, virtual environment /work/.venv)');
  });

  it('rejects output that is not an identity', () => {
    assert.equal(parsePythonIdentity(''), undefined);
    assert.equal(parsePythonIdentity('Traceback (most recent call last):'), undefined);
    assert.equal(parsePythonIdentity({ version: '3.11' }), undefined);
  });
});
