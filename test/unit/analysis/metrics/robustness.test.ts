import * as assert from 'node:assert/strict';
import { analyze } from './helpers';

const BROKEN = [
  'def f(:\n    if x\n',
  'class (:\n  def',
  'x = (1 +\n',
  'if a and:\n    pass\nelse',
  '"""unterminated\n',
  'try:\n    pass\nexcept* \n',
  '@dec\n',
  'lambda: (yield)\n',
  'def f():\n\treturn 1\n        return 2\n',
  '\ufeffx = 1\n',
  '',
];

describe('metrics: files with syntax errors', () => {
  for (const source of BROKEN) {
    it(`does not throw on ${JSON.stringify(source)}`, async () => {
      const m = await analyze(source);
      assert.ok(Number.isFinite(m.mi));
      assert.ok(Number.isFinite(m.halstead.volume));
      for (const b of m.blocks) assert.ok(b.cyclomatic >= 1);
    });
  }

  it('counts the parts that parse', async () => {
    const m = await analyze('def good(a):\n    return a or b\n\ndef bad(:\n    pass\n');
    assert.equal(m.blocks.find((b) => b.name === 'good')?.cyclomatic, 2);
  });

  it('uses UTF-16 offsets for names and operands with non-ASCII text', async () => {
    const m = await analyze('s = "ünïcødé 🐍"\ndef fünc(é):\n    return é + é\n');
    const b = m.blocks[0];
    assert.equal(b.name, 'fünc');
    assert.deepEqual([b.halstead?.h2, b.halstead?.N2], [1, 2]);
  });
});
