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

export interface TableComparison {
  /** Differences no table entry explains: `ours only: file:line RULE` / `<tool> only: …`. */
  unexplained: string[];
  /** Table entries (each listed location, or each rule-wide entry) that no longer occur. */
  stale: string[];
  /** How many `file:line RULE` keys both report. */
  common: number;
}

/**
 * Compares our `file:line RULE` keys with another tool's against a table of deliberate
 * differences: every difference must be explained, and every entry must still be needed.
 */
export function compareWithTable<Side extends string>(
  table: readonly Difference<Side>[],
  otherSide: Side,
  ourKeys: ReadonlySet<string>,
  theirKeys: ReadonlySet<string>,
): TableComparison {
  const unexplained: string[] = [];
  const used = new Set<string>(); // `index` for rule-wide entries, `index file:line` for located ones
  const check = (side: Side, keys: ReadonlySet<string>, others: ReadonlySet<string>) => {
    for (const key of keys) {
      if (others.has(key)) continue;
      const [where, ruleId] = key.split(' ');
      const [file, line] = where.split(':');
      const difference = explainDifference(table, side, file, Number(line), ruleId);
      if (difference) used.add(difference.where ? `${table.indexOf(difference)} ${where}` : `${table.indexOf(difference)}`);
      else unexplained.push(`${side} only: ${key}`);
    }
  };
  check('ours' as Side, ourKeys, theirKeys);
  check(otherSide, theirKeys, ourKeys);
  const stale = table.flatMap((d, index) =>
    (d.where ? d.where.map((where) => `${index} ${where}`) : [`${index}`])
      .filter((key) => !used.has(key))
      .map((key) => `${d.side} ${d.ruleIds.join(',')} at ${key}: ${d.reason}`),
  );
  return { unexplained: unexplained.sort(), stale, common: [...ourKeys].filter((key) => theirKeys.has(key)).length };
}
