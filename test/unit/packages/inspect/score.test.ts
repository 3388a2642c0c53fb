import * as assert from 'node:assert/strict';
import type { Reason } from '../../../../src/core/packages/reasons';
import { scoreReasons } from '../../../../src/core/packages/score';

const r = (code: string, severity: Reason['severity'], fatal?: boolean): Reason => ({ code, severity, message: 'm', ...(fatal ? { fatal } : {}) });

describe('scoreReasons', () => {
  it('no reasons: pass, 100', () => assert.deepEqual(scoreReasons([]), { verdict: 'pass', score: 100 }));

  it('lows only: pass with a reduced score, never below the pass band', () => {
    assert.deepEqual(scoreReasons([r('A', 'low')]), { verdict: 'pass', score: 96 });
    assert.deepEqual(scoreReasons([r('A', 'low'), r('B', 'low')]), { verdict: 'pass', score: 92 });
    const many = Array.from({ length: 30 }, (_, i) => r(`C${i}`, 'low'));
    assert.deepEqual(scoreReasons(many), { verdict: 'pass', score: 80 });
  });

  it('a code counts at most three times', () => {
    const five = Array.from({ length: 5 }, () => r('A', 'low'));
    assert.equal(scoreReasons(five).score, 88);
  });

  it('a medium warns, inside the warn band', () => {
    assert.deepEqual(scoreReasons([r('A', 'medium')]), { verdict: 'warn', score: 79 });
    assert.deepEqual(scoreReasons([r('A', 'medium'), r('B', 'medium'), r('C', 'medium'), r('D', 'medium')]), { verdict: 'warn', score: 40 });
  });

  it('a high fails, inside the fail band; a fatal reason scores 0', () => {
    assert.deepEqual(scoreReasons([r('A', 'high')]), { verdict: 'fail', score: 39 });
    assert.deepEqual(scoreReasons([r('A', 'high'), r('B', 'high')]), { verdict: 'fail', score: 20 });
    assert.deepEqual(scoreReasons([r('A', 'low', true)]), { verdict: 'fail', score: 0 });
  });
});
