/**
 * Maintainability index exactly as radon 5's `mi_visit(code, multi)` and
 * `mi_rank`: `radon mi` counts multi-line strings as comments by default.
 */
export interface MiInputs {
  /** Halstead volume of the whole file. */
  volume: number;
  /** radon's `ComplexityVisitor.total_complexity` of the module. */
  complexity: number;
  lloc: number;
  sloc: number;
  comments: number;
  multi: number;
}

/** radon's `mi_parameters` + `mi_compute`. */
export function maintainabilityIndex(inputs: MiInputs, countMulti = true): number {
  const commentLines = inputs.comments + (countMulti ? inputs.multi : 0);
  const percent = inputs.sloc !== 0 ? (commentLines / inputs.sloc) * 100 : 0;
  return miCompute(inputs.volume, inputs.complexity, inputs.lloc, percent);
}

/** radon's `mi_compute`; note that radon passes the LLOC as `sloc`. */
export function miCompute(volume: number, complexity: number, sloc: number, commentPercent: number): number {
  if (volume <= 0 || sloc <= 0) return 100;
  const slocScale = Math.log(sloc);
  const volumeScale = Math.log(volume);
  const commentsScale = Math.sqrt(2.46 * ((commentPercent * Math.PI) / 180));
  const nnMi = 171 - 5.2 * volumeScale - 0.23 * complexity - 16.2 * slocScale + 50 * Math.sin(commentsScale);
  return Math.min(Math.max(0, (nnMi * 100) / 171), 100);
}

/** A if score > 19, B if 9 < score <= 19, C otherwise. */
export function miRank(score: number): string {
  return String.fromCharCode(65 + (9 - score >= 0 ? 1 : 0) + (19 - score >= 0 ? 1 : 0));
}
