// Shared by the comparison tools: the .py files of a directory, and our security findings on them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ImportScope } from '../../../../../src/core/analysis/importScope';
import { createSecurityAnalyzer } from '../../../../../src/core/analysis/security';
import { walk } from '../../../../../src/core/analysis/walk';
import { getParser } from '../analyze';

export function pythonFiles(dir: string, into: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(full, into);
    else if (entry.name.endsWith('.py')) into.push(full);
  }
  return into;
}

/** Our findings as `file:line RULE` keys, and the seconds the analysis took (files read beforehand). */
export async function ourSecurityFindings(files: readonly string[]): Promise<{ keys: Set<string>; seconds: number }> {
  const parser = await getParser();
  const keys = new Set<string>();
  const sources = files.map((file) => fs.readFileSync(file, 'utf8'));
  const started = performance.now();
  files.forEach((file, index) => {
    const source = sources[index];
    const tree = parser.parse(source);
    const imports = new ImportScope();
    const analyzer = createSecurityAnalyzer({ path: file, source, tree, imports });
    walk(tree.rootNode, [imports, analyzer]);
    for (const finding of analyzer.findings()) keys.add(`${file}:${finding.line} ${finding.ruleId}`);
    tree.delete();
  });
  return { keys, seconds: (performance.now() - started) / 1000 };
}
