import * as assert from 'node:assert/strict';
import { inspectPath } from '../../../../src/core/packages/inspect/inspectPath';
import { buildTarGz, buildWheelEntries, buildZip, sdistEntries, TempDir, wheelFileName, type WheelSpec } from './builders';

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
/** "MZ", and the PE header's offset at 0x3c. */
const PE = (() => {
  const head = Buffer.alloc(256);
  head.write('MZ', 0, 'latin1');
  head.writeUInt32LE(0x80, 0x3c);
  head.write('PE\0\0', 0x80, 'latin1');
  return head;
})();

describe('inspect: metadata, layout and bundled binaries', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = new TempDir()));
  afterEach(() => tmp.remove());

  async function wheel(spec: WheelSpec, tamper?: (entries: ReturnType<typeof buildWheelEntries>) => void) {
    const entries = buildWheelEntries(spec);
    tamper?.(entries);
    return inspectPath(tmp.write(wheelFileName(spec), buildZip(entries)));
  }
  const codes = (r: { reasons: Array<{ code: string; severity: string }> }) => r.reasons.map((x) => `${x.code}:${x.severity}`);

  it('flags a typosquatted name with the intended project', async () => {
    const result = await wheel({ name: 'reqeusts', version: '2.0.0', files: { 'reqeusts/__init__.py': '' } });
    const squat = result.reasons.find((r) => r.code === 'SPK001');
    assert.ok(squat, codes(result).join());
    assert.match(squat.message, /requests/);
    assert.equal(result.verdict, 'fail');
  });

  it('does not flag the real name', async () => {
    const result = await wheel({ name: 'requests', version: '2.0.0', files: { 'requests/__init__.py': '' } });
    assert.ok(!codes(result).some((c) => c.startsWith('SPK001')));
  });

  it('flags version 0.0.0 and an empty description with no home page', async () => {
    const result = await wheel({ name: 'quietpkg', version: '0.0.0', summary: '', homePage: '', files: { 'quietpkg/__init__.py': '' } });
    assert.ok(codes(result).includes('SPK002:low'), codes(result).join());
    assert.ok(codes(result).includes('SPK003:low'));
    assert.equal(result.verdict, 'pass', 'low reasons alone do not warn');
    assert.ok(result.score < 100 && result.score >= 80);
  });

  it('flags a distribution name unrelated to its modules, not PyYAML-style abbreviations', async () => {
    const odd = await wheel({ name: 'colorful-helpers', version: '1.0', files: { 'stealer/__init__.py': '' } });
    assert.ok(codes(odd).includes('SPK005:low'), codes(odd).join());
    const yaml = await wheel({ name: 'PyYAML', version: '6.0', files: { 'yaml/__init__.py': '' } });
    assert.ok(!codes(yaml).some((c) => c.startsWith('SPK005')));
  });

  it('flags a single module with install hooks (sdist)', async () => {
    const tgz = await buildTarGz(
      sdistEntries('hooky', '1.0', {
        'setup.py': "import os\nfrom setuptools import setup\nfrom setuptools.command.install import install\nclass I(install):\n    def run(self):\n        os.system('id')\nsetup(name='hooky', py_modules=['hooky'], cmdclass={'install': I})\n",
        'hooky.py': 'X = 1\n',
      }),
    );
    const result = await inspectPath(tmp.write('hooky-1.0.tar.gz', tgz));
    assert.ok(codes(result).includes('SPK004:medium'), codes(result).join());
    assert.ok(codes(result).includes('SPK104:medium'));
    assert.ok(codes(result).includes('SPK100:high'));
    assert.deepEqual(result.topLevelModules, ['hooky']);
    assert.equal(result.verdict, 'fail');
  });

  it('top-level modules come from top_level.txt among the files present, else from the layout', async () => {
    const declared = await wheel({ name: 'twomods', version: '1.0', topLevel: ['alpha', 'ghost'], files: { 'alpha/__init__.py': '', 'beta.py': '' } });
    assert.deepEqual(declared.topLevelModules, ['alpha']);
    const layout = await wheel({ name: 'twomods', version: '1.0', files: { 'alpha/__init__.py': '', 'beta.py': '', '_speed.cpython-311-x86_64-linux-gnu.so': ELF, 'twomods-1.0.data/scripts/tool': '#!python\n' } });
    assert.deepEqual(layout.topLevelModules, ['_speed', 'alpha', 'beta']);
  });

  it('flags files missing from RECORD, and a file changed after RECORD was written', async () => {
    const unlisted = await wheel({ name: 'added', version: '1.0', files: { 'added/__init__.py': '' }, unlisted: { 'added/extra.py': 'X = 1\n' } });
    const reason = unlisted.reasons.find((r) => r.code === 'SPK007');
    assert.ok(reason);
    assert.equal(reason.file, 'added/extra.py');
    const tampered = await wheel({ name: 'changed', version: '1.0', files: { 'changed/__init__.py': 'X = 1\n' } }, (entries) => {
      entries.find((e) => e.name === 'changed/__init__.py')!.data = 'X = 2\n';
    });
    assert.ok(codes(tampered).includes('SPK007:high'), codes(tampered).join());
  });

  it('native code in a pure-Python wheel warns; disguised as a data file it fails; a platform wheel is expected to carry it', async () => {
    const pure = await wheel({ name: 'purepkg', version: '1.0', files: { 'purepkg/__init__.py': '', 'purepkg/helper': ELF } });
    const native = pure.reasons.find((r) => r.code === 'SPK196');
    assert.ok(native, codes(pure).join());
    assert.equal(native.severity, 'medium');
    assert.equal(native.file, 'purepkg/helper');
    assert.equal(pure.verdict, 'warn');
    const disguised = await wheel({ name: 'purepkg', version: '1.0', files: { 'purepkg/__init__.py': '', 'purepkg/logo.png': ELF } });
    assert.ok(codes(disguised).includes('SPK196:high'), codes(disguised).join());
    const platform = await wheel({ name: 'purepkg', version: '1.0', tag: 'cp311-cp311-manylinux_2_17_x86_64', files: { 'purepkg/__init__.py': '', 'purepkg/_ext.cpython-311-x86_64-linux-gnu.so': ELF } });
    assert.ok(!codes(platform).some((c) => c.startsWith('SPK196') || c.startsWith('SPK195')), codes(platform).join());
  });

  it("the Windows script launchers pip and setuptools ship are noted only in their own wheels; elsewhere they warn", async () => {
    const pip = await wheel({ name: 'pip', version: '26.0', files: { 'pip/__init__.py': '', 'pip/_vendor/distlib/t64.exe': PE, 'pip/_vendor/distlib/w64-arm.exe': PE } });
    assert.deepEqual(pip.reasons.filter((r) => r.code === 'SPK196').map((r) => r.severity), ['low', 'low']);
    assert.equal(pip.verdict, 'pass');
    const setuptools = await wheel({ name: 'setuptools', version: '80.0', files: { 'setuptools/__init__.py': '', 'setuptools/cli-64.exe': PE, 'setuptools/payload.exe': PE } });
    assert.deepEqual(setuptools.reasons.filter((r) => r.code === 'SPK196').map((r) => `${r.file}:${r.severity}`).sort(), ['setuptools/cli-64.exe:low', 'setuptools/payload.exe:medium']);
    const lookalike = await wheel({ name: 'purepkg', version: '1.0', files: { 'purepkg/__init__.py': '', 'setuptools/cli-64.exe': PE } });
    assert.ok(codes(lookalike).includes('SPK196:medium'), codes(lookalike).join());
  });

  it('a text file that merely starts with "MZ" is not a program', async () => {
    const result = await wheel({ name: 'purepkg', version: '1.0', files: { 'purepkg/__init__.py': '', 'purepkg/notes.txt': `MZ is a sample name.${' lorem ipsum'.repeat(10)}` } });
    assert.ok(!codes(result).some((c) => c.startsWith('SPK196')), codes(result).join());
  });

  it('a prebuilt program in an sdist warns', async () => {
    const tgz = await buildTarGz([...sdistEntries('binpkg', '1.0', { 'binpkg/__init__.py': '' }), { name: 'binpkg-1.0/binpkg/runner', data: ELF }]);
    const result = await inspectPath(tmp.write('binpkg-1.0.tar.gz', tgz));
    assert.ok(codes(result).includes('SPK195:medium'), codes(result).join());
  });

  it('warns on dependency-confusion shapes: version 99+, or an internal-looking name with empty metadata', async () => {
    const outbid = await wheel({ name: 'acmepay-billing', version: '99.0.0', files: { 'acmepay_billing/__init__.py': '' } });
    assert.ok(codes(outbid).includes('SPK008:medium'), codes(outbid).join());
    assert.match(outbid.reasons.find((r) => r.code === 'SPK008')!.message, /99\.0\.0.*--index-url/s);
    const internal = await wheel({ name: 'contoso-internal-auth', version: '1.0.0', summary: '', homePage: '', files: { 'contoso_internal_auth/__init__.py': '' } });
    assert.ok(codes(internal).includes('SPK008:medium'), codes(internal).join());
  });

  it('no dependency-confusion reason for calendar versions, described internal-sounding names or popular projects', async () => {
    for (const spec of [
      { name: 'tzdata-like', version: '2024.1' },
      { name: 'contoso-internal-auth', version: '1.0.0', summary: 'Auth helpers for Contoso services' },
      { name: 'pywin32', version: '306' },
    ]) {
      const result = await wheel({ ...spec, files: { 'x/__init__.py': '' } });
      assert.ok(!codes(result).some((c) => c.startsWith('SPK008')), `${spec.name} ${spec.version}: ${codes(result).join()}`);
    }
  });
});
