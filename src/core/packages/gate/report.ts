import type { Finding } from './finding';
import type { EngineKind } from '../../sandbox/engine';
import type { BehaviorEvent, Reason, Verdict } from '../reasons';

/** `snakepit validate --format json`, version 1 (documented in README; change only by adding fields). */
export interface ValidationReport {
  version: 1;
  verdict: Verdict;
  engine: EngineKind;
  /** docker: the runtime the test sandbox ran under (`runc`, or `runsc` for gVisor); absent for verdicts from the history. */
  runtime?: string;
  /** Whether the imports also ran under a system-call trace (`strace`: actions the audit hook missed are SPK317) or not (`none`, see warnings); absent when nothing was imported. */
  syscallTrace?: 'strace' | 'none';
  installed: boolean;
  packages: PackageValidation[];
  /** Things the user must know about this run (e.g. the venv engine is not isolated). */
  warnings?: string[];
  /** With `--install`: the target environment's prefix. */
  target?: string;
  /** With `--install`: why nothing was installed (verdict, declined, install failed and restored). */
  installSkipped?: string;
  /** Every location pip looked in, with where each setting came from (absent when the history answered without pip). */
  indexes?: string[];
}

export interface ArtifactRef {
  filename: string;
  sha256: string;
  size: number;
}

export interface PackageValidation {
  name: string;
  version: string;
  /** The requirement as the user wrote it (`requests==2.32.3`), or `name==version` for a dependency pulled in by it. */
  requested: string;
  verdict: Verdict;
  /** True for a package the user asked for, false for a dependency it pulled in; absent in verdicts recorded before it existed. */
  direct?: boolean;
  /** For a dependency: the requirements that pulled it in, from the one asked for to it (`['colorful', 'colorful-core']`). */
  pulledInBy?: string[];
  /** 0–100, 100 = nothing found. */
  score: number;
  /** True when the verdict came from the history (same artifacts' sha256, same ruleset version). */
  cached: boolean;
  artifacts: ArtifactRef[];
  reasons: Reason[];
  /** What the verdict rests on (see finding.ts); absent in verdicts recorded before it existed. */
  finding?: Finding;
  /** With `could-not-run`: why, in a few words (Windows-only code, broken metadata, a missing build dependency, …). */
  notRunBecause?: string;
  behavior: BehaviorEvent[];
  timings: { ingestMs: number; testMs: number; totalMs: number };
}

export type GatePhase = 'ingest' | 'test' | 'verdict' | 'install' | 'destroy';

/** Progress as the gate runs: the CLI prints these live, VS Code names the phase in its notification. */
export interface GateProgress {
  phase: GatePhase;
  message: string;
  /** Package the message is about, when it is about one. */
  package?: string;
  elapsedMs: number;
}
