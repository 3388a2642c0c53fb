import * as assert from 'node:assert/strict';
import { analyzeTaint, py, taintIds } from './analyzeTaint';

describe('taint: SP003 SQL injection', () => {
  it('flags execute, executemany and executescript on any object', async () => {
    assert.deepEqual(
      await taintIds(py`
        def find(cursor, conn, user_id):
            cursor.execute("SELECT * FROM users WHERE id = " + user_id)
            conn.executemany(f"INSERT INTO t VALUES ({user_id})", [])
            conn.executescript("DELETE FROM t WHERE id = %s" % user_id)
      `),
      ['SP003@2', 'SP003@3', 'SP003@4'],
    );
  });

  it('flags a query built in a variable first', async () => {
    const findings = await analyzeTaint(py`
      def find(db, name):
          query = "SELECT * FROM users WHERE name = '{}'".format(name)
          db.cursor().execute(query)
    `);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'SP003');
    assert.equal(findings[0].cwe, 89);
    assert.equal(findings[0].line, 3);
    assert.match(findings[0].message, /\.format\(\)/);
    assert.match(findings[0].message, /\.execute\(\)/);
  });

  it('does not flag parameters passed separately', async () => {
    assert.deepEqual(
      await taintIds(py`
        def find(cursor, user_id, name):
            cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,))
            cursor.execute("SELECT * FROM users WHERE name = ?", [name])
            cursor.execute("SELECT * FROM users WHERE name = :n", {"n": f"%{name}%"})
            cursor.executemany("INSERT INTO t VALUES (?)", [(name,)])
      `),
      [],
    );
  });

  it('flags the sql= keyword form', async () => {
    assert.deepEqual(await taintIds('def f(c, x):\n    c.execute(sql="DELETE FROM t WHERE a=" + x)\n'), ['SP003@2']);
  });

  it('flags Django raw() and RawSQL, SQLAlchemy text() and pandas.read_sql', async () => {
    assert.deepEqual(
      await taintIds(py`
        from django.db.models.expressions import RawSQL
        from sqlalchemy import text
        import pandas as pd
        def view(request):
            q = request.GET["q"]
            User.objects.raw(f"SELECT * FROM auth_user WHERE username = '{q}'")
            User.objects.annotate(x=RawSQL("SELECT %s" % q, ()))
            session.execute(text("SELECT * FROM t WHERE a = " + q))
            pd.read_sql(f"SELECT {q}", engine)
      `),
      ['SP003@6', 'SP003@7', 'SP003@8', 'SP003@9'],
    );
  });

  it('does not flag RawSQL with params', async () => {
    assert.deepEqual(
      await taintIds(py`
        from django.db.models.expressions import RawSQL
        def view(request):
            RawSQL("SELECT %s", (request.GET["q"],))
      `),
      [],
    );
  });
});
