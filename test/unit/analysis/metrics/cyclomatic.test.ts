import * as assert from 'node:assert/strict';
import { ccRank, classComplexity } from '../../../../src/core/analysis/metrics';
import { analyze, block, inFunction } from './helpers';

/** [construct, body of f, radon complexity of f] */
const FUNCTION_CASES: [string, string, number][] = [
  ['empty body', 'pass', 1],
  ['if', 'if a:\n    pass', 2],
  ['if/else (else is free)', 'if a:\n    pass\nelse:\n    pass', 2],
  ['if/elif/elif', 'if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass', 4],
  ['ternary', 'x = a if b else c', 2],
  ['nested ternary', 'x = a if b else c if d else e', 3],
  ['for', 'for i in x:\n    pass', 2],
  ['for/else', 'for i in x:\n    pass\nelse:\n    pass', 3],
  ['async for', 'async def g():\n    pass\nfor i in x:\n    pass', 2],
  ['while/else', 'while a:\n    pass\nelse:\n    pass', 3],
  ['try/except', 'try:\n    pass\nexcept E:\n    pass', 2],
  ['try/2 excepts/else/finally', 'try:\n    pass\nexcept E:\n    pass\nexcept F:\n    pass\nelse:\n    pass\nfinally:\n    pass', 4],
  ['try/finally only', 'try:\n    pass\nfinally:\n    pass', 1],
  ['try/except* (TryStar: radon counts nothing)', 'try:\n    pass\nexcept* E:\n    pass\nelse:\n    pass', 1],
  ['and', 'x = a and b', 2],
  ['and and (one BoolOp, 3 values)', 'x = a and b and c', 3],
  ['and or', 'x = a and b or c', 3],
  ['parenthesised', 'x = (a or b) and (c or d)', 4],
  ['not is free', 'x = not a', 1],
  ['comparison is free', 'x = a < b < c', 1],
  ['list comprehension', 'x = [i for i in y]', 2],
  ['comprehension with ifs', 'x = [i for i in y if i if i > 2]', 4],
  ['two generators', 'x = [i for r in y for i in r]', 3],
  ['dict/set/generator', 'x = {k: v for k, v in y}\nz = {i for i in y}\nw = sum(i for i in y)', 4],
  ['assert', 'assert a', 2],
  ['assert expression not visited', 'assert a and b if c else d, [i for i in x]', 2],
  ['with is free', 'with a as b, c as d:\n    pass', 1],
  ['match/case is free', 'match a:\n    case 1:\n        pass\n    case _:\n        pass', 1],
  ['case guard bool op counts', 'match a:\n    case 1 if b and c:\n        pass', 2],
  ['lambda is free, its body counts', 'g = lambda v: v if v else 0', 2],
  ['lambda default counts', 'g = lambda v=a or b: v', 2],
  ['nested function not added', 'def g():\n    if a:\n        pass\nreturn g', 1],
  ['nested class not added', 'class C:\n    def m(self):\n        if a:\n            pass', 1],
  ['raise/return/break are free', 'for i in x:\n    break\nraise E\nreturn 1', 2],
  ['walrus is free', 'if (n := len(a)) > 1:\n    pass', 2],
];

describe('metrics: cyclomatic complexity (radon ComplexityVisitor)', () => {
  for (const [name, body, expected] of FUNCTION_CASES) {
    it(`${name} → ${expected}`, async () => {
      const m = await analyze(inFunction(body));
      assert.equal(block(m, 'f').cyclomatic, expected);
    });
  }

  it('does not visit decorators, parameter defaults, annotations or class bases', async () => {
    const m = await analyze(
      '@d(a or b)\ndef f(x=1 if a else 2, y: (a and b) = 3) -> (a or b):\n    pass\n' +
        'class C(A if a else B, metaclass=a or b):\n    pass\n',
    );
    assert.equal(block(m, 'f').cyclomatic, 1);
    assert.equal(block(m, 'C').cyclomatic, 1);
    assert.equal(m.cyclomatic, 1);
  });

  it('lists methods as Class.method and closures as outer.inner with their own complexity', async () => {
    const m = await analyze('class A:\n    def m(self):\n        def c():\n            if x:\n                pass\n        return c\n');
    assert.deepEqual(
      m.blocks.map((b) => [b.qualifiedName, b.kind, b.cyclomatic]),
      [
        ['A', 'class', 2], // real 1 + m 1, one method
        ['A.m', 'method', 1],
        ['A.m.c', 'function', 2],
      ],
    );
  });

  it('class complexity: (1 + body + Σ methods) / methods, +1 with more than one method', async () => {
    const src =
      'class A:\n    x = 1 if a else 2\n    def m(self):\n        if a:\n            pass\n' +
      '    def n(self):\n        for i in x:\n            if i:\n                pass\n    if b:\n        def o(self):\n            pass\n';
    const m = await analyze(src);
    assert.equal(block(m, 'A.m').cyclomatic, 2);
    assert.equal(block(m, 'A.n').cyclomatic, 3);
    assert.equal(block(m, 'A.o').cyclomatic, 1);
    assert.equal(block(m, 'A').cyclomatic, Math.trunc((1 + 1 + 1 + 2 + 3 + 1) / 3) + 1);
  });

  it('class without methods: 1 + body decisions; inner classes are not added', async () => {
    const m = await analyze('class A:\n    x = a and b\n    class B:\n        def m(self):\n            return a if b else c\n');
    assert.equal(block(m, 'A').cyclomatic, 2);
    assert.equal(block(m, 'A.B.m').cyclomatic, 2);
  });

  it('module total (MI input): module decisions + Σ(function − 1) + Σ(class real − 1)', async () => {
    const src =
      'x = a if b else c\ndef f():\n    if a:\n        pass\n    def g():\n        if b:\n            pass\n' +
      'class C:\n    def m(self):\n        return a or b\n    def n(self):\n        pass\n';
    const m = await analyze(src);
    // 1 + 1 (ternary) + (2 − 1) (f; closure g ignored) + (1 + 2 + 1 − 1) (C: body 1 + m 2 + n 1)
    assert.equal(m.cyclomatic, 1 + 1 + 1 + 3);
  });

  it('functions inside module-level if/try are top-level functions', async () => {
    const m = await analyze('if a:\n    def f():\n        return b or c\nelse:\n    def f():\n        pass\n');
    assert.deepEqual(m.blocks.map((b) => [b.name, b.line, b.cyclomatic]), [['f', 2, 2], ['f', 5, 1]]);
    assert.equal(m.cyclomatic, 2 + 1);
  });

  it('records line, end line and name column', async () => {
    const m = await analyze('\n@dec\nasync def  go(a):\n    return a\n');
    const b = block(m, 'go');
    assert.deepEqual([b.line, b.endLine, b.column, b.kind], [3, 4, 12, 'function']);
  });

  const RANKS: [number, string][] = [[0, 'A'], [1, 'A'], [5, 'A'], [6, 'B'], [10, 'B'], [11, 'C'], [20, 'C'], [21, 'D'], [30, 'D'], [31, 'E'], [40, 'E'], [41, 'F'], [100, 'F']];
  for (const [cc, rank] of RANKS) {
    it(`cc_rank(${cc}) = ${rank}`, () => assert.equal(ccRank(cc), rank));
  }

  it('classComplexity formula', () => {
    assert.equal(classComplexity(7, 0), 7);
    assert.equal(classComplexity(7, 1), 7);
    assert.equal(classComplexity(7, 2), 4);
    assert.equal(classComplexity(7, 3), 3);
  });
});
