import type { Reason } from '../../reasons';
import type { PythonFacts } from '../python/pythonFacts';

/** Where a Python file runs: install-time code runs on `pip install`, before anyone imports anything. */
export interface FileRole {
  /** setup.py (and the code it runs at build/install time). */
  installTime: boolean;
  /** The distribution's name, normalised (PEP 503), when known: what the package says it is for. */
  project?: string;
}

/** One static heuristic over one Python file's facts. */
export type PythonHeuristic = (facts: PythonFacts, role: FileRole) => Reason[];

/** Source text of a node, for evidence (reasons shorten it further). */
export function snippet(node: { text: string }): string {
  return node.text.slice(0, 240);
}
