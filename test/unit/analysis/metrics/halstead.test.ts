import * as assert from 'node:assert/strict';
import { halsteadReport } from '../../../../src/core/analysis/metrics';
import { analyze, block } from './helpers';

/** [what, module source, [h1, h2, N1, N2]] as radon's HalsteadVisitor counts them. */
const CASES: [string, string, [number, number, number, number]][] = [
  ['no operators', 'x = f(a)\n', [0, 0, 0, 0]],
  ['binary', 'a + b\n', [1, 2, 1, 2]],
  ['same operand twice', 'a + a\n', [1, 1, 1, 2]],
  ['operators by ast class', 'a + b\na - b\na * b\na @ b\na / b\na // b\na % b\na ** b\n', [8, 2, 8, 16]],
  ['bitwise', 'a << b\na >> b\na | b\na & b\na ^ b\n', [5, 2, 5, 10]],
  ['unary', '-a\n+a\n~a\nnot a\n', [4, 1, 4, 4]],
  ['aug-assign shares the operator with BinOp', 'x += 1\nx + 1\n', [1, 2, 2, 4]],
  ['aug-assign operators', 'x -= 1\nx *= 1\nx //= 1\nx **= 1\nx |= 1\n', [5, 2, 5, 10]],
  ['BoolOp: one operator, all values', 'a and b and c\n', [1, 3, 1, 3]],
  ['mixed BoolOp: nested BoolOp is a fresh operand', 'a and b or c\n', [2, 4, 2, 4]],
  ['parenthesised BoolOp is separate', '(a and b) and c\n', [1, 4, 2, 4]],
  ['Compare: ops and comparators + left', 'a < b <= c\n', [2, 3, 2, 3]],
  ['compare operators', 'a == b\na != b\na is b\na is not b\na in b\na not in b\na > b\na >= b\n', [8, 2, 8, 16]],
  ['attribute operand is its attribute name', 'a.x + x\n', [1, 1, 1, 2]],
  ['string constant equals a name', "'x' + x\n", [1, 1, 1, 2]],
  ['str and bytes differ', "'x' + b'x'\n", [1, 2, 1, 2]],
  ['escapes are evaluated', "'\\x41' + 'A'\n", [1, 1, 1, 2]],
  ['implicit concatenation is one constant', "('a' 'b') + 'ab'\n", [1, 1, 1, 2]],
  ['f-strings are always new', 'f"{a}" + f"{a}"\n', [1, 2, 1, 2]],
  ['1 == 1.0 == True', '1 + 1.0\nTrue + 0x1\n', [1, 1, 2, 4]],
  ['0 == False == 0j', '0 + False + 0j\n', [1, 2, 2, 4]],
  ['calls and subscripts are always new', 'f(a) + f(a)\nx[0] + x[0]\n', [1, 4, 2, 4]],
  ['nested operation is a new operand', 'a + b * c\n', [2, 4, 2, 4]],
  ['parentheses are transparent', '(a) + ((b))\n', [1, 2, 1, 2]],
  ['annotation unions count', 'x: int | None = 1\n', [1, 2, 1, 2]],
  ['function parameters and decorators are not visited', '@d(a + b)\ndef f(x=a - b, y: a | b = 1) -> a * b:\n    pass\n', [0, 0, 0, 0]],
  ['class bases and decorators are visited', '@d(a + b)\nclass C(a - b):\n    pass\n', [2, 2, 2, 4]],
  ['lambda defaults are visited', 'g = lambda x=a + b: x\n', [1, 2, 1, 2]],
  ['operands are per function (context)', 'def f():\n    return a + b\ndef g():\n    return a + b\n', [1, 4, 2, 4]],
  ['methods with the same name share a context', 'class A:\n    def m(self):\n        return a + b\nclass B:\n    def m(self):\n        return a + b\n', [1, 2, 2, 4]],
  ['assert expressions are visited', 'assert a == b\n', [1, 2, 1, 2]],
  ['backslash continuation is not an operand', 'x = a == \\\n    b\n', [1, 2, 1, 2]],
  ['comments are not operands', 'x = (a <  # c\n     b)\n', [1, 2, 1, 2]],
];

describe('metrics: Halstead (radon HalsteadVisitor)', () => {
  for (const [name, source, expected] of CASES) {
    it(`${name} → h1 h2 N1 N2 = ${expected.join(' ')}`, async () => {
      const h = (await analyze(source)).halstead;
      assert.deepEqual([h.h1, h.h2, h.N1, h.N2], expected);
    });
  }

  it('per function: the body, nested functions included (radon hal -f)', async () => {
    const m = await analyze('def f(a=x+y):\n    c = a + 1\n    def g():\n        return a - 1\n    return c\n');
    const f = block(m, 'f').halstead!;
    assert.deepEqual([f.h1, f.h2, f.N1, f.N2], [2, 4, 2, 4]); // (f,a) (f,1) (g,a) (g,1) → 'a','1' per context
    const g = block(m, 'f.g').halstead!;
    assert.deepEqual([g.h1, g.h2, g.N1, g.N2], [1, 2, 1, 2]);
  });

  it('derived figures follow radon h_visit formulas', () => {
    const r = halsteadReport(2, 4, 3, 6);
    assert.equal(r.vocabulary, 6);
    assert.equal(r.length, 9);
    assert.equal(r.calculatedLength, 2 * 1 + 4 * 2);
    assert.equal(r.volume, 9 * Math.log2(6));
    assert.equal(r.difficulty, (2 * 6) / (2 * 4));
    assert.equal(r.effort, r.difficulty * r.volume);
    assert.equal(r.time, r.effort / 18);
    assert.equal(r.bugs, r.volume / 3000);
  });

  it('empty report has zeros, not NaN', () => {
    assert.deepEqual(Object.values(halsteadReport(0, 0, 0, 0)), new Array(12).fill(0));
    assert.equal(halsteadReport(1, 0, 1, 0).difficulty, 0);
  });
});
