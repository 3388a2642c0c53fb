import * as assert from 'node:assert/strict';
import { classifyImport, type ImportClassifierOptions } from '../../../../src/core/analysis/imports';

const options: ImportClassifierOptions = {
  pythonVersion: '3.12',
  isLocalModule: (name) => name === 'myapp' || name === 'utils',
};

describe('imports: classifyImport', () => {
  it('classifies standard-library imports by top-level name', () => {
    assert.equal(classifyImport({ module: 'os.path', level: 0 }, options), 'stdlib');
    assert.equal(classifyImport({ module: 'xml.etree.ElementTree', level: 0 }, options), 'stdlib');
  });

  it('classifies relative imports as local, whatever the name', () => {
    assert.equal(classifyImport({ module: '', level: 1 }, options), 'local');
    assert.equal(classifyImport({ module: 'requests', level: 2 }, options), 'local');
  });

  it('asks the callback for workspace modules', () => {
    assert.equal(classifyImport({ module: 'myapp.models', level: 0 }, options), 'local');
    assert.equal(classifyImport({ module: 'utils', level: 0 }, options), 'local');
  });

  it('classifies everything else as third-party', () => {
    assert.equal(classifyImport({ module: 'requests', level: 0 }, options), 'thirdParty');
    assert.equal(classifyImport({ module: 'yaml', level: 0 }, options), 'thirdParty');
  });

  it('uses the target version', () => {
    assert.equal(classifyImport({ module: 'distutils.core', level: 0 }, { ...options, pythonVersion: '3.11' }), 'stdlib');
    assert.equal(classifyImport({ module: 'distutils.core', level: 0 }, { ...options, pythonVersion: '3.12' }), 'thirdParty');
  });
});
