/**
 * Compares our findings with Bandit's on a directory of real code:
 *   npx tsx test/unit/analysis/security/tools/compareWithBandit.ts DIR [--bandit /usr/bin/bandit] [--show RULE]
 * Prints, per rule, how many (file, line, rule) findings both report, only Bandit, only we.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ourSecurityFindings, pythonFiles } from './ourFindings';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = path.resolve(args[0]);
  const bandit = args.includes('--bandit') ? args[args.indexOf('--bandit') + 1] : '/usr/bin/bandit';
  const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : undefined;
  const files = pythonFiles(dir);

  const started = performance.now();
  const run = spawnSync(bandit, ['-q', '-f', 'json', '-r', dir], { maxBuffer: 1 << 30 });
  const banditSeconds = (performance.now() - started) / 1000;
  const report = JSON.parse(run.stdout.toString()) as { results: { filename: string; line_number: number; test_id: string }[] };
  const theirs = new Set(report.results.map((r) => `${path.resolve(r.filename)}:${r.line_number} ${r.test_id}`));

  const { keys: ours, seconds: ourSeconds } = await ourSecurityFindings(files);

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
