import * as assert from 'node:assert/strict';
import { analyzeTaint, py, taintIds } from './analyzeTaint';

describe('taint: sources', () => {
  it('treats input(), sys.argv and its subscripts as untrusted at module level', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os, sys
        name = input("name? ")
        os.system("echo " + name)
        os.system("ls " + sys.argv[1])
        os.system("ls " + " ".join(sys.argv[1:]))
      `),
      ['SP001@3', 'SP001@4', 'SP001@5'],
    );
  });

  it('resolves from-imported argv and environ', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        from sys import argv
        from os import environ
        os.system(f"ls {argv[1]}")
        os.system(f"ls {environ['HOME']}")
      `),
      ['SP001@4', 'SP001@5'],
    );
  });

  it('treats os.environ[...], os.environ.get() and os.getenv() as untrusted', async () => {
    const findings = await analyzeTaint(py`
      import os
      os.system("cd " + os.environ["DIR"])
      os.system("cd " + os.environ.get("DIR", "."))
      os.system("cd " + os.getenv("DIR"))
    `);
    assert.deepEqual(findings.map((f) => f.line), [2, 3, 4]);
    assert.match(findings[0].message, /os\.environ/);
    assert.match(findings[2].message, /os\.getenv\(\)/);
  });

  it('treats Flask request values as untrusted', async () => {
    assert.deepEqual(
      await taintIds(py`
        from flask import request
        import os
        @app.route("/")
        def index():
            os.system("a " + request.args.get("q"))
            os.system("b " + request.form["q"])
            os.system("c " + request.values.get("q"))
            os.system("d " + request.cookies["q"])
            os.system("e " + request.headers.get("X-Q"))
            os.system("f " + request.get_json()["q"])
            os.system("g " + request.json["q"])
            os.system("h %s" % request.data)
      `),
      ['SP001@5', 'SP001@6', 'SP001@7', 'SP001@8', 'SP001@9', 'SP001@10', 'SP001@11', 'SP001@12'],
    );
  });

  it('treats Django request.GET/POST/COOKIES/META and self.request as untrusted', async () => {
    assert.deepEqual(
      await taintIds(py`
        from django.db import connection
        class Search(View):
            def get(self):
                q = self.request.GET.get("q")
                connection.cursor().execute(f"SELECT {q}")
        def search(request):
            c = connection.cursor()
            c.execute("SELECT " + request.POST["q"])
            c.execute("SELECT " + request.COOKIES["q"])
            c.execute("SELECT " + request.META["HTTP_X"])
      `),
      ['SP003@5', 'SP003@8', 'SP003@9', 'SP003@10'],
    );
  });

  it('does not treat non-data request attributes (request.user, request.method) as untrusted', async () => {
    assert.deepEqual(
      await taintIds(py`
        def view(request, cursor):
            cursor.execute(f"SELECT * FROM t WHERE owner = {request.user.id}")
            cursor.execute("SELECT '%s'" % request.method)
      `),
      [],
    );
  });

  it('does not treat self/cls or int/bool-annotated parameters as untrusted', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        class Job:
            def run(self, count: int, verbose: bool = False, ratio: float = 1.0):
                os.system(f"sleep {count} {verbose} {ratio} {self.name}")
            @classmethod
            def make(cls):
                os.system("make " + cls.target)
      `),
      [],
    );
  });

  it('treats every other parameter kind as untrusted', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        def f(a, b="x", *args, c: str = "", d: str, **kwargs):
            os.system("1 " + a)
            os.system("2 " + b)
            os.system("3 " + " ".join(args))
            os.system("4 " + c)
            os.system("5 " + d)
            os.system("6 " + kwargs["k"])
        async def g(p, /, q):
            os.system(f"{p}{q}")
        lam = lambda: None
      `),
      ['SP001@3', 'SP001@4', 'SP001@5', 'SP001@6', 'SP001@7', 'SP001@8', 'SP001@10'],
    );
  });

  it('does not treat module-level names as untrusted inside functions (same-function only)', async () => {
    assert.deepEqual(
      await taintIds(py`
        import os
        name = input()
        def later():
            os.system("echo " + name)
      `),
      [],
    );
  });
});
