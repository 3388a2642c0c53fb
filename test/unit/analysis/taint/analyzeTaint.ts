import { ImportScope } from '../../../../src/core/analysis/importScope';
import { PythonParser } from '../../../../src/core/analysis/parser';
import { createTaintAnalyzer } from '../../../../src/core/analysis/taint';
import type { Finding } from '../../../../src/core/analysis/types';
import { walk } from '../../../../src/core/analysis/walk';

let parser: Promise<PythonParser> | undefined;

/** Runs the taint analyser over `source` the way a scan does: one walk, imports first. */
export async function analyzeTaint(source: string): Promise<Finding[]> {
  parser ??= PythonParser.create();
  const tree = (await parser).parse(source);
  try {
    const imports = new ImportScope();
    const analyzer = createTaintAnalyzer({ path: 'test.py', source, tree, imports });
    walk(tree.rootNode, [imports, analyzer]);
    return analyzer.findings();
  } finally {
    tree.delete();
  }
}

/** `ruleId@line` of each finding, for compact assertions. */
export async function taintIds(source: string): Promise<string[]> {
  return (await analyzeTaint(source)).map((f) => `${f.ruleId}@${f.line}`);
}

/** Strips the common indentation of a template literal, so tests can indent Python code. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const common = Math.min(...indents);
  return lines.map((l) => l.slice(common)).join('\n');
}
