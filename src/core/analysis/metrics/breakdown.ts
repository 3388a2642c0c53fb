import type { AnalysisConfig } from '../config';
import type { BlockMetrics } from '../types';

/** One line of a function's metrics breakdown. */
export interface MetricRow {
  metric: string;
  value: string;
  /** What the number means for this function, in words. */
  reading: string;
  /** Past the project's threshold (only the thresholded metrics can be). */
  over: boolean;
}

/** radon's ranks: the range of cyclomatic complexity each letter covers, and what it says. */
const RANKS: Record<string, string> = {
  A: '1–5, simple block',
  B: '6–10, well structured and stable',
  C: '11–20, slightly complex',
  D: '21–30, more than moderately complex',
  E: '31–40, too complex',
  F: '41+, error-prone and unstable',
};

const round = (n: number, digits = 2) => String(Math.round(n * 10 ** digits) / 10 ** digits);

/** The numbers behind a function's code lens, each with its threshold and what it means. */
export function metricsBreakdown(block: BlockMetrics, limits: Pick<AnalysisConfig, 'maxCyclomatic' | 'maxCognitive'>): MetricRow[] {
  const lines = block.endLine - block.line + 1;
  const rows: MetricRow[] = [
    {
      metric: 'Cyclomatic complexity',
      value: `${block.cyclomatic} (rank ${block.rank})`,
      reading: `${RANKS[block.rank] ?? block.rank}; at least ${block.cyclomatic} test case${block.cyclomatic === 1 ? '' : 's'} to cover every path. Limit: ${limits.maxCyclomatic} (C901).`,
      over: block.cyclomatic > limits.maxCyclomatic,
    },
    {
      metric: 'Cognitive complexity',
      value: String(block.cognitive),
      reading: `How hard it is to read: each break in linear flow +1, more when nested. Limit: ${limits.maxCognitive} (CCR001).`,
      over: block.cognitive > limits.maxCognitive,
    },
    { metric: 'Lines', value: `${lines} (${block.line}–${block.endLine})`, reading: 'From the def line to the last line of the body.', over: false },
  ];
  const h = block.halstead;
  if (h) {
    rows.push(
      { metric: 'Halstead vocabulary', value: String(h.vocabulary), reading: `${h.h1} distinct operators, ${h.h2} distinct operands.`, over: false },
      { metric: 'Halstead length', value: String(h.length), reading: `${h.N1} operators and ${h.N2} operands in all.`, over: false },
      { metric: 'Halstead volume', value: round(h.volume), reading: 'Bits needed to write the function down: grows with length and vocabulary.', over: false },
      { metric: 'Halstead difficulty', value: round(h.difficulty), reading: 'How error-prone writing or reading it is (operand reuse, operator variety).', over: false },
      { metric: 'Halstead effort', value: round(h.effort, 0), reading: `Difficulty × volume; about ${round(h.time, 0)} s of mental effort by Halstead's estimate.`, over: false },
      { metric: 'Estimated bugs', value: round(h.bugs, 3), reading: 'Volume / 3000: delivered bugs expected by Halstead’s model.', over: false },
    );
  }
  return rows;
}
