import * as assert from 'node:assert/strict';
import { DEFAULT_MARKER_ENVIRONMENT, evaluateMarker, parseMarker } from '../../../../src/core/packages/requirements/markers';
import { markersCanOverlap } from '../../../../src/core/packages/requirements/markerOverlap';

describe('PEP 508 environment markers', () => {
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['python_version >= "3.8"', {}, true],
    ['python_version < "3.11"', {}, false],
    ['python_version < "3.11"', { python_version: '3.10' }, true],
    // Versions compare as versions, not strings: "3.9" < "3.11".
    ['python_version > "3.9"', {}, true],
    ['python_full_version == "3.11.*"', {}, true],
    ['python_version ~= "3.8"', {}, true],
    ['sys_platform == "linux" and platform_machine == "x86_64"', {}, true],
    ['sys_platform == "win32" or os_name == "posix"', {}, true],
    ['sys_platform == "win32" or (python_version >= "3.8" and implementation_name == "pypy")', {}, false],
    ['(sys_platform == "win32" or python_version >= "3.8") and implementation_name == "cpython"', {}, true],
    ['sys_platform == "win32" or python_version >= "3.8" and implementation_name == "pypy"', {}, false],
    ["platform_system != 'Windows'", {}, true],
    ['"linux" in sys_platform', {}, true],
    ['"arm" not in platform_machine', {}, true],
    ['"64" in platform_machine', {}, true],
    ['extra == "Test_Extra"', { extra: 'test-extra' }, true],
    ['extra == "test"', {}, false],
    ['platform_python_implementation == "CPython"', {}, true],
    ['os.name == "posix"', {}, true],
    ['platform_release >= "5"', {}, true],
    ['implementation_version >= "3.11.0"', {}, true],
    ['python_version == "3.11" and sys_platform == "darwin"', { sys_platform: 'darwin' }, true],
  ];
  for (const [marker, environment, expected] of cases) {
    it(`${marker} ${JSON.stringify(environment)} → ${expected}`, () => {
      assert.equal(evaluateMarker(marker, environment), expected);
    });
  }

  it('defaults to CPython 3.11 on Linux', () => {
    assert.equal(DEFAULT_MARKER_ENVIRONMENT.python_version, '3.11');
    assert.equal(DEFAULT_MARKER_ENVIRONMENT.sys_platform, 'linux');
    assert.equal(DEFAULT_MARKER_ENVIRONMENT.implementation_name, 'cpython');
  });

  const invalid: Array<[string, number, RegExp]> = [
    ['python_version >=', 17, /expected a marker variable/],
    ['python_version >= "3.8" and', 27, /expected a marker variable/],
    ['python_version >= "3.8" xor os_name == "nt"', 24, /unexpected 'xor/],
    ['pyton_version >= "3.8"', 0, /unknown marker variable 'pyton_version'/],
    ['python_version >= "3.8', 18, /never closed/],
    ['((python_version >= "3.8")', 0, /'\(' is never closed/],
    ['python_version => "3.8"', 15, /expected a comparison/],
  ];
  for (const [marker, offset, message] of invalid) {
    it(`rejects ${JSON.stringify(marker)} at offset ${offset}`, () => {
      const parsed = parseMarker(marker);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) {
        assert.equal(parsed.offset, offset);
        assert.match(parsed.message, message);
      }
      assert.throws(() => evaluateMarker(marker), /Invalid environment marker/);
    });
  }

  describe('markersCanOverlap (used to excuse duplicate lines)', () => {
    const cases: Array<[string | undefined, string | undefined, boolean]> = [
      [undefined, 'python_version < "3.8"', true],
      ['python_version < "3.10"', 'python_version >= "3.10"', false],
      ['python_version < "3.10"', 'python_version >= "3.9"', true],
      ['sys_platform == "win32"', 'sys_platform != "win32"', false],
      ['sys_platform == "win32"', 'os_name == "nt"', true],
      ['sys_platform == "darwin" and platform_machine == "arm64"', 'sys_platform == "darwin" and platform_machine == "x86_64"', false],
      ['extra == "a"', 'extra == "b"', false],
      // Values the samples do not cover: assume they can overlap rather than hide a duplicate.
      ['sys_platform == "cygwin"', 'sys_platform == "cygwin"', true],
    ];
    for (const [first, second, expected] of cases) {
      it(`${first ?? '(none)'} / ${second ?? '(none)'} → ${expected}`, () => {
        assert.equal(markersCanOverlap(first, second), expected);
      });
    }
  });
});
