import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, block, inFunction } from './helpers';

const FIXTURE = path.join(__dirname, '../../../fixtures/metrics/cognitive_spec.py');

/** The specification's own examples (translated), with the totals the spec gives. */
const SPEC: [string, number][] = [
  ['sum_of_primes', 6], // 7 in Java, whose `continue OUT` (+1) has no Python equivalent
  ['get_words', 1],
  ['my_method', 9],
  ['my_method2', 2],
  ['boolean_sequences', 4],
  ['else_chain', 3],
  ['factorial', 2],
];

/** [construct, body of f, cognitive complexity of f] */
const CASES: [string, string, number][] = [
  ['straight-line code', 'x = 1\nreturn x', 0],
  ['if', 'if a:\n    pass', 1],
  ['if/else', 'if a:\n    pass\nelse:\n    pass', 2],
  ['if/elif/elif/else: hybrid increments', 'if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass', 4],
  ['nested if: +nesting', 'if a:\n    if b:\n        if c:\n            pass', 1 + 2 + 3],
  ['elif does not add nesting', 'if a:\n    pass\nelif b:\n    if c:\n        pass', 1 + 1 + 2],
  ['for', 'for i in x:\n    pass', 1],
  ['for/else', 'for i in x:\n    pass\nelse:\n    pass', 2],
  ['while in for', 'for i in x:\n    while a:\n        pass', 1 + 2],
  ['ternary', 'x = a if b else c', 1],
  ['ternary in if: +nesting', 'if a:\n    x = b if c else d', 1 + 2],
  ['try/finally are free', 'try:\n    pass\nfinally:\n    pass', 0],
  ['except: +1 each, nesting applies', 'if a:\n    try:\n        pass\n    except E:\n        pass\n    except F:\n        pass', 1 + 2 + 2],
  ['try else is free', 'try:\n    pass\nexcept E:\n    pass\nelse:\n    pass', 1],
  ['with is free', 'with a:\n    pass', 0],
  ['match: +1 (cases free)', 'match a:\n    case 1:\n        pass\n    case 2:\n        pass', 1],
  ['break/continue are free', 'for i in x:\n    break\n    continue', 1],
  ['one boolean sequence', 'x = a and b and c', 1],
  ['two sequences', 'x = a and b or c', 2],
  ['three sequences', 'x = a or b and c or d', 3],
  ['parentheses keep the sequence', 'x = a and (b and c)', 1],
  ['not is free', 'x = not a and not b', 1],
  ['call starts a new expression', 'x = a and g(b and c)', 2],
  ['lambda raises nesting', 'g = lambda: a if b else c', 2],
  ['nested function raises nesting', 'def g():\n    if a:\n        pass', 2],
  ['comprehensions are free', 'x = [i for i in y if i]', 0],
  ['recursion', 'return f()', 1],
  ['recursion counted once', 'return f() + f()', 1],
];

describe('metrics: cognitive complexity (SonarSource specification)', () => {
  for (const [name, expected] of SPEC) {
    it(`spec example ${name} → ${expected}`, async () => {
      const m = await analyze(fs.readFileSync(FIXTURE, 'utf8'));
      assert.equal(block(m, name).cognitive, expected);
    });
  }

  for (const [name, body, expected] of CASES) {
    it(`${name} → ${expected}`, async () => {
      const m = await analyze(inFunction(body));
      assert.equal(block(m, 'f').cognitive, expected);
    });
  }

  it('method recursion through self, and class = Σ methods', async () => {
    const m = await analyze(
      'class A:\n    def walk(self, n):\n        if n:\n            return self.walk(n - 1)\n    def other(self):\n        return self.walk(1)\n',
    );
    assert.equal(block(m, 'A.walk').cognitive, 2);
    assert.equal(block(m, 'A.other').cognitive, 0);
    assert.equal(block(m, 'A').cognitive, 2);
  });

  it('nested function has its own score from nesting 0', async () => {
    const m = await analyze('def f():\n    def g():\n        if a:\n            pass\n');
    assert.equal(block(m, 'f.g').cognitive, 1);
    assert.equal(block(m, 'f').cognitive, 2);
  });

  it('decorators and parameter defaults do not count', async () => {
    const m = await analyze('@d(a if b else c)\ndef f(x=a and b or c):\n    pass\n');
    assert.equal(block(m, 'f').cognitive, 0);
  });
});
