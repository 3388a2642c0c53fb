import * as assert from 'node:assert/strict';
import { maintainabilityIndex, miCompute, miRank } from '../../../../src/core/analysis/metrics';
import { analyze } from './helpers';

/** [volume, complexity, lloc, comment %] → radon.metrics.mi_compute (values from radon 5.1.0). */
const COMPUTE: [number, number, number, number, number][] = [
  [100, 5, 20, 10, 74.76028019028873],
  [1000, 30, 200, 0, 24.764287258020296],
  [0, 1, 10, 5, 100],
  [50, 1, 0, 0, 100],
  [5000, 80, 900, 35.5, 26.498445284305316],
  [1e9, 500, 100000, 0, 0],
];

describe('metrics: maintainability index (radon mi_visit)', () => {
  for (const [v, cc, lloc, pct, expected] of COMPUTE) {
    it(`mi_compute(${v}, ${cc}, ${lloc}, ${pct}) = ${expected}`, () => {
      assert.ok(Math.abs(miCompute(v, cc, lloc, pct) - expected) < 1e-9);
    });
  }

  const RANKS: [number, string][] = [[0, 'C'], [9, 'C'], [9.01, 'B'], [19, 'B'], [19.01, 'A'], [100, 'A']];
  for (const [score, rank] of RANKS) {
    it(`mi_rank(${score}) = ${rank}`, () => assert.equal(miRank(score), rank));
  }

  it('comment percentage counts multi-line strings (radon mi default multi=True) over SLOC, and uses LLOC', () => {
    const inputs = { volume: 100, complexity: 5, lloc: 20, sloc: 40, comments: 2, multi: 2 };
    assert.equal(maintainabilityIndex(inputs), miCompute(100, 5, 20, 10));
    assert.equal(maintainabilityIndex(inputs, false), miCompute(100, 5, 20, 5));
  });

  it('a file without operators scores 100', async () => {
    const m = await analyze('import os\nprint(os.name)\n');
    assert.equal(m.mi, 100);
    assert.equal(m.miRank, 'A');
  });

  it('file MI combines Halstead volume, total complexity and raw counts', async () => {
    const source = '# c\ndef f(a, b):\n    """Doc\n    string."""\n    if a and b:\n        return a + b\n    return a - b\n';
    const m = await analyze(source);
    const expected = miCompute(m.halstead.volume, 3 - 0, m.lloc, ((m.comments + m.multi) / m.sloc) * 100);
    assert.equal(m.cyclomatic, 3);
    assert.equal(m.mi, expected);
  });
});
