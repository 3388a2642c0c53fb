export type Level = 'low' | 'medium' | 'high';

export const LEVELS: readonly Level[] = ['low', 'medium', 'high'];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** A position range; lines and columns are 1-based, columns count UTF-16 code units. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What a user reads about a rule, whichever analyser owns it (Snakepit's own rules; Bandit's add a message template). */
export interface RuleDescription {
  readonly id: string;
  readonly name: string;
  readonly severity: Level;
  readonly confidence: Level;
  readonly cwe: number | null;
  /** What the rule finds and why it matters. */
  readonly explanation: string;
  /** How to fix it. */
  readonly fix: string;
}

export interface Finding extends Span {
  ruleId: string;
  name: string;
  severity: Level;
  confidence: Level;
  cwe: number | null;
  message: string;
  /** Names a quick fix may offer, likeliest first (SP100: the distributions that provide the module). */
  suggestions?: readonly string[];
}

export interface Halstead {
  h1: number;
  h2: number;
  N1: number;
  N2: number;
  vocabulary: number;
  length: number;
  calculatedLength: number;
  volume: number;
  difficulty: number;
  effort: number;
  time: number;
  bugs: number;
}

export type BlockKind = 'function' | 'method' | 'class';

export interface BlockMetrics {
  name: string;
  qualifiedName: string;
  kind: BlockKind;
  line: number;
  endLine: number;
  /** 1-based column of the `def`/`class` name, for editor placement. */
  column: number;
  cyclomatic: number;
  rank: string;
  cognitive: number;
  halstead?: Halstead;
}

export interface RawMetrics {
  loc: number;
  lloc: number;
  sloc: number;
  comments: number;
  multi: number;
  blank: number;
}

export interface FileMetrics extends RawMetrics {
  halstead: Halstead;
  mi: number;
  miRank: string;
  blocks: BlockMetrics[];
  /** Module cyclomatic complexity as radon's `total_complexity` (the MI input). Optional addition. */
  cyclomatic?: number;
}
