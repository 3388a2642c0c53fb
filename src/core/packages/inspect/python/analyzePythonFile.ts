import type { FileContext } from '../../../analysis/context';
import { ImportScope } from '../../../analysis/importScope';
import type { Tree } from '../../../analysis/parser';
import { createSecurityAnalyzer } from '../../../analysis/security';
import { createTaintAnalyzer } from '../../../analysis/taint';
import type { Finding } from '../../../analysis/types';
import { collectFacts, type PythonFacts } from './pythonFacts';

export interface PythonFileAnalysis {
  facts: PythonFacts;
  /** The analysis engine's security and taint findings. `# nosec` is ignored: a package must not silence its own review. */
  findings: Finding[];
}

/** One walk of the tree feeds the inspect heuristics' facts and the engine's security rules. */
export function analyzePythonFile(path: string, source: string, tree: Tree): PythonFileAnalysis {
  const scope = new ImportScope();
  const ctx: FileContext = { path, source, tree, imports: scope };
  const security = createSecurityAnalyzer(ctx, { applySuppressions: false });
  const taint = createTaintAnalyzer(ctx);
  const facts = collectFacts(path, source, tree, scope, [security, taint]);
  return { facts, findings: [...security.findings(), ...taint.findings()] };
}
