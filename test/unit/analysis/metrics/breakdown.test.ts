import * as assert from 'node:assert/strict';
import { metricsBreakdown } from '../../../../src/core/analysis/metrics/breakdown';
import type { BlockMetrics } from '../../../../src/core/analysis/types';

const block: BlockMetrics = {
  name: 'branchy',
  qualifiedName: 'branchy',
  kind: 'function',
  line: 19,
  endLine: 26,
  column: 5,
  cyclomatic: 12,
  rank: 'C',
  cognitive: 8,
  halstead: { h1: 4, h2: 6, N1: 8, N2: 10, vocabulary: 10, length: 18, calculatedLength: 23.5, volume: 59.79, difficulty: 3.33, effort: 199.3, time: 11.07, bugs: 0.0199 },
};

describe('metricsBreakdown (the complexity lens target)', () => {
  it('flags exactly the metrics over their limits and names the limit and rule', () => {
    const rows = metricsBreakdown(block, { maxCyclomatic: 10, maxCognitive: 15 });
    assert.deepEqual(rows.filter((r) => r.over).map((r) => r.metric), ['Cyclomatic complexity']);
    const cc = rows[0];
    assert.equal(cc.value, '12 (rank C)');
    assert.match(cc.reading, /11–20, slightly complex/);
    assert.match(cc.reading, /Limit: 10 \(C901\)/);
    assert.equal(rows.find((r) => r.metric === 'Lines')?.value, '8 (19–26)');
    assert.equal(rows.find((r) => r.metric === 'Halstead effort')?.value, '199');
  });

  it('leaves Halstead rows out when the block has none', () => {
    const rows = metricsBreakdown({ ...block, halstead: undefined, cognitive: 16 }, { maxCyclomatic: 20, maxCognitive: 15 });
    assert.deepEqual(rows.map((r) => [r.metric, r.over]), [['Cyclomatic complexity', false], ['Cognitive complexity', true], ['Lines', false]]);
  });
});
