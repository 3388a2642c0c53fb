import * as assert from 'node:assert/strict';
import { analyzeTaint, py, taintIds } from './analyzeTaint';

describe('taint: SP001 command injection', () => {
  it('flags a parameter formatted into os.system by an f-string', async () => {
    const findings = await analyzeTaint(py`
      import os
      def clean(path):
          os.system(f"rm -rf {path}")
    `);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.ruleId, 'SP001');
    assert.equal(f.name, 'command-injection');
    assert.equal(f.severity, 'high');
    assert.equal(f.confidence, 'high');
    assert.equal(f.cwe, 78);
    assert.equal(f.line, 3);
    assert.equal(f.column, 5);
    assert.match(f.message, /f-string/);
    assert.match(f.message, /parameter 'path'/);
    assert.match(f.message, /os\.system\(\)/);
  });

  it('flags each shell-running function', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os, subprocess, commands, asyncio
        def run(x):
            os.popen("ls " + x)
            subprocess.getoutput("ls %s" % x)
            subprocess.getstatusoutput("ls {}".format(x))
            commands.getoutput("ls " + x)
            asyncio.create_subprocess_shell(f"ls {x}")
      `),
      ['SP001@3', 'SP001@4', 'SP001@5', 'SP001@6', 'SP001@7'],
    );
  });

  it('flags subprocess with a built string and shell=True (or a non-literal shell)', async () => {
    assert.deepEqual(
      await taintIds(py`
        import subprocess as sp
        def run(name, use_shell):
            sp.call(f"grep {name} log", shell=True)
            sp.run(args="cat " + name, shell=True)
            sp.Popen(f"cat {name}", shell=use_shell)
      `),
      ['SP001@3', 'SP001@4', 'SP001@5'],
    );
  });

  it('does not flag subprocess without a shell, or with an argument list', async () => {
    assert.deepEqual(
      await taintIds(py`
        import subprocess
        def run(name):
            subprocess.call(f"grep {name} log")
            subprocess.call(f"grep {name} log", shell=False)
            subprocess.run(["grep", name, "log"], shell=True)
            subprocess.run(["grep", f"--regexp={name}", "log"])
      `),
      [],
    );
  });

  it('resolves aliases through the imports', async () => {
    assert.deepEqual(
      await taintIds(py`
        from os import system as run_it
        def go(x):
            run_it("echo " + x)
      `),
      ['SP001@3'],
    );
  });

  it('does not flag a tainted value passed as is, or a constant command', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def run(cmd):
            os.system(cmd)
            os.system("ls -l")
            os.system(f"ls {'-l'}")
      `),
      [],
    );
  });

  it('does not flag a method merely named system', async () => {
    assert.deepEqual(
      await taintIds(py`
        def run(x, machine):
            machine.system("ls " + x)
      `),
      [],
    );
  });
});
