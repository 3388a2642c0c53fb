import type { Halstead } from '../types';
import { halsteadReport, type HalsteadCounter } from './halstead';

/**
 * A file's Halstead counts kept up to date as the counters of its statements come
 * and go between analyses: distinct operators and operands are counted by how many
 * counters hold them, so only the counters that changed are read. Equal to
 * `HalsteadCounter.merge(counters).report()` for the same counters.
 */
export class HalsteadTotals {
  private readonly operators = new Map<string, number>();
  private readonly operands = new Map<string, number>();
  private freshOperands = 0;
  private N1 = 0;
  private N2 = 0;
  private counters = new Set<HalsteadCounter>();

  /** The counts of exactly `counters` (distinct objects; a counter must not change once reported). */
  report(counters: readonly HalsteadCounter[]): Halstead {
    const next = new Set(counters);
    for (const counter of this.counters) if (!next.has(counter)) this.count(counter, -1);
    for (const counter of next) if (!this.counters.has(counter)) this.count(counter, 1);
    this.counters = next;
    return halsteadReport(this.operators.size, this.operands.size + this.freshOperands, this.N1, this.N2);
  }

  private count(counter: HalsteadCounter, sign: 1 | -1): void {
    for (const op of counter.operators) tally(this.operators, op, sign);
    for (const operand of counter.operands) tally(this.operands, operand, sign);
    this.freshOperands += sign * counter.freshOperands;
    this.N1 += sign * counter.N1;
    this.N2 += sign * counter.N2;
  }
}

function tally(map: Map<string, number>, key: string, sign: 1 | -1): void {
  const count = (map.get(key) ?? 0) + sign;
  if (count === 0) map.delete(key);
  else map.set(key, count);
}
