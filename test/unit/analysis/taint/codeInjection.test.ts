import * as assert from 'node:assert/strict';
import { analyzeTaint, py, taintIds } from './analyzeTaint';

describe('taint: SP002 code injection', () => {
  it('flags eval, exec and compile of built code', async () => {
    assert.deepEqual(
      await taintIds(py`
        def calc(expr, name):
            eval("1 + " + expr)
            exec(f"{name} = 1")
            compile("x = %s" % expr, "<string>", "exec")
      `),
      ['SP002@2', 'SP002@3', 'SP002@4'],
    );
  });

  it('reports CWE-95 with high severity', async () => {
    const [f] = await analyzeTaint('x = input()\neval("print(" + x + ")")\n');
    assert.equal(f.ruleId, 'SP002');
    assert.equal(f.cwe, 95);
    assert.match(f.message, /input\(\)/);
    assert.match(f.message, /\+ concatenation/);
  });

  it('does not flag re.compile or an object method named eval', async () => {
    assert.deepEqual(
      await taintIds(py`
        import re
        def f(p, model):
            re.compile("^" + p)
            model.eval("x" + p)
      `),
      [],
    );
  });

  it('does not flag eval of a constant or of a sanitised value', async () => {
    assert.deepEqual(
      await taintIds(py`
        def f(n):
            eval("1 + 2")
            eval("1 + %d" % int(n))
      `),
      [],
    );
  });
});
