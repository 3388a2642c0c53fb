import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { linkStaysInside, normalizeEntryName, unsafeEntryName } from '../../../../src/core/packages/inspect/archive/entryName';
import { inspectPath } from '../../../../src/core/packages/inspect/inspectPath';
import { buildWheelEntries, buildZip, TempDir, wheelFileName } from './builders';

describe('inspect: entry names and links', () => {
  it('classifies unsafe names', () => {
    assert.equal(unsafeEntryName('pkg/../../x'), 'traversal');
    assert.equal(unsafeEntryName('..'), 'traversal');
    assert.equal(unsafeEntryName('/etc/passwd'), 'absolute');
    assert.equal(unsafeEntryName('c:/x'), 'absolute');
    assert.equal(unsafeEntryName('a\\b'), 'backslash');
    assert.equal(unsafeEntryName('a\u0000b'), 'control');
    assert.equal(unsafeEntryName('pkg/..hidden/x.py'), undefined);
    assert.equal(unsafeEntryName('./pkg/x.py'), undefined);
    assert.equal(normalizeEntryName('./pkg//x.py'), 'pkg/x.py');
  });

  it('tells links that stay inside from links that leave', () => {
    assert.ok(linkStaysInside('pkg/a/link', '../b.py'));
    assert.ok(!linkStaysInside('pkg/link', '../../x'));
    assert.ok(!linkStaysInside('pkg/link', '/etc/passwd'));
    assert.ok(!linkStaysInside('link', '..'));
  });

  describe('directories', () => {
    let tmp: TempDir;
    beforeEach(() => (tmp = new TempDir()));
    afterEach(() => tmp.remove());

    it('reports a symlink in an unpacked project without following it', async () => {
      tmp.write('proj/pyproject.toml', '[project]\nname = "proj"\nversion = "1"\n');
      tmp.write('proj/proj/__init__.py', '');
      fs.symlinkSync('/etc/passwd', `${tmp.dir}/proj/proj/secret.py`);
      const result = await inspectPath(`${tmp.dir}/proj`);
      const link = result.reasons.find((r) => r.code === 'SPK053');
      assert.ok(link);
      assert.equal(link.severity, 'high');
      assert.equal(result.pythonFiles, 1, 'the link target was not read as Python');
    });
  });

  it('stops when its signal is aborted', async () => {
    const tmp = new TempDir();
    try {
      const spec = { name: 'slow', version: '1', files: { 'slow/__init__.py': 'X = 1\n' } };
      const file = tmp.write(wheelFileName(spec), buildZip(buildWheelEntries(spec)));
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(inspectPath(file, { signal: controller.signal }), { name: 'AbortError' });
    } finally {
      tmp.remove();
    }
  });
});
