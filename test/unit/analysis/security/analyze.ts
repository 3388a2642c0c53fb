import * as fs from 'node:fs';
import { PythonParser } from '../../../../src/core/analysis/parser';
import { ImportScope } from '../../../../src/core/analysis/importScope';
import { walk } from '../../../../src/core/analysis/walk';
import type { Finding } from '../../../../src/core/analysis/types';
import { createSecurityAnalyzer, type SecurityAnalyzerOptions } from '../../../../src/core/analysis/security';

let parser: PythonParser | undefined;

export async function getParser(): Promise<PythonParser> {
  parser ??= await PythonParser.create();
  return parser;
}

/** Parses and walks `source` the way the orchestrator does: ImportScope first, then the security analyser. */
export async function analyze(source: string, options?: SecurityAnalyzerOptions, path = 'test.py'): Promise<Finding[]> {
  const tree = (await getParser()).parse(source);
  try {
    const imports = new ImportScope();
    const analyzer = createSecurityAnalyzer({ path, source, tree, imports }, options);
    walk(tree.rootNode, [imports, analyzer]);
    return analyzer.findings();
  } finally {
    tree.delete();
  }
}

export async function analyzeFile(file: string, options?: SecurityAnalyzerOptions): Promise<Finding[]> {
  return analyze(fs.readFileSync(file, 'utf8'), options, file);
}
