import { ImportScope } from '../../../../src/core/analysis/importScope';
import { createMetricsAnalyzer } from '../../../../src/core/analysis/metrics';
import { PythonParser } from '../../../../src/core/analysis/parser';
import type { BlockMetrics, FileMetrics } from '../../../../src/core/analysis/types';
import { walk } from '../../../../src/core/analysis/walk';

let parser: PythonParser | undefined;

export async function analyze(source: string, path = 'test.py'): Promise<FileMetrics> {
  parser ??= await PythonParser.create();
  const tree = parser.parse(source);
  try {
    const ctx = { path, source, tree, imports: new ImportScope() };
    const analyzer = createMetricsAnalyzer(ctx);
    walk(tree.rootNode, [ctx.imports, analyzer]);
    return analyzer.result();
  } finally {
    tree.delete();
  }
}

export function block(metrics: FileMetrics, qualifiedName: string): BlockMetrics {
  const found = metrics.blocks.find((b) => b.qualifiedName === qualifiedName);
  if (!found) throw new Error(`no block ${qualifiedName} in ${metrics.blocks.map((b) => b.qualifiedName).join(', ')}`);
  return found;
}

/** Indents a snippet as the body of `def f():`. */
export function inFunction(body: string): string {
  return 'def f():\n' + body.split('\n').map((l) => '    ' + l).join('\n') + '\n';
}
