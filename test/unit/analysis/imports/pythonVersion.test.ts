import * as assert from 'node:assert/strict';
import { minimumPythonVersion, parsePythonVersion } from '../../../../src/core/analysis/imports';

describe('imports: Python versions', () => {
  it('parses the usual spellings', () => {
    assert.equal(parsePythonVersion('3.11'), '3.11');
    assert.equal(parsePythonVersion('3.9.18'), '3.9');
    assert.equal(parsePythonVersion('py312'), '3.12');
    assert.equal(parsePythonVersion(' 38 '), '3.8');
  });

  it('rejects unsupported or malformed versions', () => {
    for (const text of ['2.7', '3.7', '3.14', '4.0', 'latest', '', '3']) assert.equal(parsePythonVersion(text), undefined, text);
  });

  it('takes the lower bound of requires-python, clamped to the supported range', () => {
    assert.equal(minimumPythonVersion('>=3.9'), '3.9');
    assert.equal(minimumPythonVersion('>3.9, <4'), '3.10');
    assert.equal(minimumPythonVersion('~=3.11'), '3.11');
    assert.equal(minimumPythonVersion('>=3.6'), '3.8');
    assert.equal(minimumPythonVersion('<4'), undefined);
  });
});
