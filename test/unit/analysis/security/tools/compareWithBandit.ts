/**
 * Compares our findings with Bandit's on a directory of real code:
 *   npx tsx test/unit/analysis/security/tools/compareWithBandit.ts DIR [--bandit /usr/bin/bandit] [--show RULE]
 * Prints, per rule, how many (file, line, rule) findings both report, only Bandit, only we.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ImportScope } from '../../../../../src/core/analysis/importScope';
import { walk } from '../../../../../src/core/analysis/walk';
import { createSecurityAnalyzer } from '../../../../../src/core/analysis/security';
import { getParser } from '../analyze';

function pythonFiles(dir: string, into: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(full, into);
    else if (entry.name.endsWith('.py')) into.push(full);
  }
  return into;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = path.resolve(args[0]);
  const bandit = args.includes('--bandit') ? args[args.indexOf('--bandit') + 1] : '/usr/bin/bandit';
  const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : undefined;
  const files = pythonFiles(dir);

  let started = performance.now();
  const run = spawnSync(bandit, ['-q', '-f', 'json', '-r', dir], { maxBuffer: 1 << 30 });
  const banditSeconds = (performance.now() - started) / 1000;
  const report = JSON.parse(run.stdout.toString()) as { results: { filename: string; line_number: number; test_id: string }[] };
  const theirs = new Set(report.results.map((r) => `${path.resolve(r.filename)}:${r.line_number} ${r.test_id}`));

  const parser = await getParser();
  const ours = new Set<string>();
  const sources = files.map((file) => fs.readFileSync(file, 'utf8'));
  started = performance.now();
  files.forEach((file, index) => {
    const source = sources[index];
    const tree = parser.parse(source);
    const imports = new ImportScope();
    const analyzer = createSecurityAnalyzer({ path: file, source, tree, imports });
    walk(tree.rootNode, [imports, analyzer]);
    for (const finding of analyzer.findings()) ours.add(`${file}:${finding.line} ${finding.ruleId}`);
    tree.delete();
  });
  const ourSeconds = (performance.now() - started) / 1000;

  const perRule = new Map<string, { both: number; bandit: number; ours: number }>();
  const row = (rule: string) => perRule.get(rule) ?? perRule.set(rule, { both: 0, bandit: 0, ours: 0 }).get(rule)!;
  for (const key of theirs) row(key.split(' ')[1])[ours.has(key) ? 'both' : 'bandit']++;
  for (const key of ours) if (!theirs.has(key)) row(key.split(' ')[1]).ours++;
  for (const key of [...theirs, ...ours]) {
    if (show && key.endsWith(` ${show}`) && !(theirs.has(key) && ours.has(key))) console.log(theirs.has(key) ? 'bandit only' : 'ours only  ', key);
  }

  const total = { both: 0, bandit: 0, ours: 0 };
  console.log('rule   both  bandit-only  ours-only');
  for (const [rule, counts] of [...perRule].sort()) {
    console.log(`${rule}  ${String(counts.both).padStart(5)}  ${String(counts.bandit).padStart(11)}  ${String(counts.ours).padStart(9)}`);
    total.both += counts.both;
    total.bandit += counts.bandit;
    total.ours += counts.ours;
  }
  console.log(`files ${files.length}; Bandit findings ${theirs.size}, matched ${total.both} (${((100 * total.both) / Math.max(1, theirs.size)).toFixed(1)}%), Bandit-only ${total.bandit}, ours-only ${total.ours}`);
  console.log(`time: bandit ${banditSeconds.toFixed(2)}s, ours ${ourSeconds.toFixed(2)}s (parse + walk + rules, files preloaded)`);
}

void main();
