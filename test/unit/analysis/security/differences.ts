/** A deliberate difference from another tool on the fixtures, with the decision and its reason. */
export interface Difference<Side extends string> {
  /** `ours`: only we report it; otherwise only the other tool does. */
  side: Side;
  ruleIds: readonly string[];
  /** `file:line`; absent = wherever these rules differ. */
  where?: readonly string[];
  reason: string;
}

/** The table entry that explains a (side, file:line, rule) difference, if any. */
export function explainDifference<Side extends string>(
  table: readonly Difference<Side>[],
  side: Side,
  file: string,
  line: number,
  ruleId: string,
): Difference<Side> | undefined {
  return table.find((d) => d.side === side && d.ruleIds.includes(ruleId) && (!d.where || d.where.includes(`${file}:${line}`)));
}
