import * as assert from 'node:assert/strict';
import { matchesGlob } from '../../../../src/core/analysis/config';

describe('config: glob', () => {
  const cases: [string, string, boolean][] = [
    ['a.py', '*.py', true],
    ['dir/a.py', '*.py', false],
    ['dir/a.py', '**/*.py', true],
    ['a.py', '**/*.py', true],
    ['x/y/z/a.py', '**/*.py', true],
    ['src/a/b/c.py', 'src/**', true],
    ['src', 'src/**', false],
    ['tests/unit/fixtures', 'tests/**/fixtures', true],
    ['tests/fixtures', 'tests/**/fixtures', true],
    ['tests/unit/fixture', 'tests/**/fixtures', false],
    ['a1.py', 'a?.py', true],
    ['a/.py', 'a?.py', false],
    ['ab.py', 'a[bc].py', true],
    ['ad.py', 'a[bc].py', false],
    ['ad.py', 'a[!bc].py', true],
    ['ab.py', 'a[!bc].py', false],
    ['a.pyi', '*.{py,pyi}', true],
    ['a.pyc', '*.{py,pyi}', false],
    ['a+b(1).py', 'a+b(1).py', true],
    ['axb.py', 'a.b.py', false],
    ['foo_pb2.py', '*_pb2.py', true],
  ];
  for (const [path, glob, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(matchesGlob(path, glob), expected);
    });
  }
});
