import * as assert from 'node:assert/strict';
import { analyzeTaint, py, taintIds } from './analyzeTaint';

describe('taint: propagation', () => {
  it('follows assignments through local variables', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x):
            a = x
            b = a
            cmd = "ls " + b
            final = cmd
            os.system(final)
      `),
      ['SP001@7'],
    );
  });

  it('follows augmented assignments', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x, y):
            cmd = "ls "
            cmd += x
            os.system(cmd)
            other = y
            other += " -l"
            os.system(other)
            fmt = "ls %s"
            fmt %= y
            os.system(fmt)
      `),
      ['SP001@5', 'SP001@8', 'SP001@11'],
    );
  });

  it('follows tuple unpacking pairwise', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x):
            safe, bad = "ls", "ls " + x
            os.system(safe)
            os.system(bad)
      `),
      ['SP001@5'],
    );
  });

  it('follows for loops, comprehensions and str.join()', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(files):
            for f in files:
                os.system("rm " + f)
            os.system("rm " + " ".join(f"'{f}'" for f in files))
            os.system(" ".join(["tar", "czf"] + files))
      `),
      ['SP001@4', 'SP001@5', 'SP001@6'],
    );
  });

  it('follows string methods and str(), and stops at sanitisers', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os, shlex
        def run(x):
            os.system(("ls " + x).strip().lower())
            os.system("ls " + str(x))
            os.system("ls " + shlex.quote(x))
            os.system("sleep " + str(int(x)))
      `),
      ['SP001@3', 'SP001@4'],
    );
  });

  it('follows conditional expressions, boolean operators and walrus', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x, flag):
            os.system("ls " + (x if flag else "."))
            os.system("ls " + (x or "."))
            if (c := "ls " + x):
                os.system(c)
      `),
      ['SP001@3', 'SP001@4', 'SP001@6'],
    );
  });

  it('follows attribute chains assigned in the same function', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        class Runner:
            def run(self, x):
                self.cmd = "ls " + x
                os.system(self.cmd)
            def other(self):
                os.system(self.cmd)
      `),
      ['SP001@5'],
    );
  });

  it('clears taint on an unconditional clean reassignment', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x):
            cmd = "ls " + x
            cmd = "ls"
            os.system(cmd)
            x = "safe"
            os.system("ls " + x)
      `),
      [],
    );
  });

  it('keeps taint after a clean reassignment in only one branch', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x, flag):
            cmd = "ls " + x
            if flag:
                cmd = "ls"
            os.system(cmd)
      `),
      ['SP001@6'],
    );
  });

  it('checks a sink against the state before its own statement', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x):
            cmd = "ls"
            cmd = os.system(cmd) or ("ls " + x)
      `),
      [],
    );
  });

  it('keeps scopes apart: a nested function sees its own parameters only', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def outer(x):
            cmd = "ls " + x
            def inner(y):
                os.system(cmd)
                os.system("ls " + y)
            os.system(cmd)
      `),
      ['SP001@6', 'SP001@7'],
    );
  });

  it('reports the first string-building operation and the origin', async () => {
    const [f] = await analyzeTaint(py`
      import os
      def run(name):
          part = "%s.txt" % name
          os.system(f"cat {part}")
    `);
    assert.match(f.message, /% formatting/);
    assert.match(f.message, /parameter 'name'/);
  });

  it('handles implicit concatenation and %-formatting with a dict', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(x):
            os.system("ls " f"{x}")
            os.system("ls %(p)s" % {"p": x})
      `),
      ['SP001@3', 'SP001@4'],
    );
  });

  it('survives syntax errors and empty input', async () => {
    assert.deepEqual(await taintIds(''), []);
    const broken = py`
      import os
      def broken(:
          pass
      def run(x):
          os.system("ls " + x)
    `;
    assert.deepEqual(await taintIds(broken), ['SP001@5']);
  });
});
