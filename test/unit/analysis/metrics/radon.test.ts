import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from './helpers';

/**
 * Runs the real radon (Debian's radon 5.1.0) on test/fixtures/metrics and
 * compares every figure. Skipped, with a message, when radon is not installed.
 */
const RADON = process.env.RADON ?? '/usr/bin/radon';
const DIR = path.join(__dirname, '../../../fixtures/metrics');

interface RadonBlock {
  type: string;
  name: string;
  lineno: number;
  complexity: number;
  rank: string;
  closures?: RadonBlock[];
}

function radon(...args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync(RADON, [...args, '.'], { cwd: DIR, encoding: 'utf8' })) as Record<string, unknown>;
}

function flatten(blocks: RadonBlock[], out: RadonBlock[] = []): RadonBlock[] {
  for (const b of blocks) {
    out.push(b);
    flatten(b.closures ?? [], out);
  }
  return out;
}

describe('metrics: agreement with the real radon on fixtures', function () {
  this.timeout(60000);
  let cc: Record<string, unknown> = {};
  let hal: Record<string, unknown> = {};
  let mi: Record<string, unknown> = {};
  let raw: Record<string, unknown> = {};

  before(function () {
    if (!fs.existsSync(RADON)) {
      console.log(`      (skipped: ${RADON} not found; install radon 5 or set RADON=/path/to/radon)`);
      this.skip();
    }
    cc = radon('cc', '-j');
    hal = radon('hal', '-j');
    mi = radon('mi', '-j', '-s');
    raw = radon('raw', '-j');
  });

  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.py') && f !== 'syntax_error.py');
  for (const file of files) {
    it(`${file}: cc, hal (file and per function), mi and raw equal radon's`, async () => {
      const m = await analyze(fs.readFileSync(path.join(DIR, file), 'utf8'), file);
      const radonBlocks = flatten((cc[file] ?? []) as RadonBlock[]);
      assert.ok(radonBlocks.length > 0 || file === 'raw_cases.py' || !cc[file]);
      for (const b of radonBlocks) {
        const mine = m.blocks.find((x) => x.line === b.lineno && x.name === b.name);
        assert.ok(mine, `${file}:${b.lineno} ${b.name} missing`);
        assert.equal(mine.cyclomatic, b.complexity, `${file}:${b.lineno} ${b.name} complexity`);
        assert.equal(mine.rank, b.rank, `${file}:${b.lineno} ${b.name} rank`);
      }
      const h = hal[file] as { total: number[]; functions: [string, number[]][] };
      const t = m.halstead;
      assert.deepEqual([t.h1, t.h2, t.N1, t.N2], h.total.slice(0, 4), 'file Halstead counts');
      assert.ok(Math.abs(t.volume - h.total[7]) < 1e-9, 'file Halstead volume');
      for (const [name, row] of h.functions) {
        // radon names functions without their class; any same-named function may be the one.
        const candidates = m.blocks.filter((x) => x.name === name && x.halstead);
        const counts = candidates.map((x) => [x.halstead!.h1, x.halstead!.h2, x.halstead!.N1, x.halstead!.N2].join(' '));
        assert.ok(counts.includes(row.slice(0, 4).join(' ')), `hal -f ${name}: radon ${row.slice(0, 4)} ours ${counts}`);
      }
      const r = mi[file] as { mi: number; rank: string };
      assert.ok(Math.abs(m.mi - r.mi) < 1e-9, `mi ${m.mi} vs ${r.mi}`);
      assert.equal(m.miRank, r.rank);
      const rr = raw[file] as Record<string, number>;
      assert.deepEqual(
        [m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank],
        [rr.loc, rr.lloc, rr.sloc, rr.comments, rr.multi, rr.blank],
        'raw',
      );
    });
  }

  it('radon rejects syntax_error.py; we still report what parses', async () => {
    assert.ok((cc['syntax_error.py'] as { error?: string }).error);
    const m = await analyze(fs.readFileSync(path.join(DIR, 'syntax_error.py'), 'utf8'));
    const ok = m.blocks.find((b) => b.name === 'ok');
    assert.equal(ok?.cyclomatic, 2);
    assert.ok(m.loc > 0);
  });
});
