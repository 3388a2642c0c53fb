/**
 * Compares our findings with Ruff's flake8-bandit S rules (mapped to B-IDs) on a directory of real code:
 *   npx tsx test/unit/analysis/security/tools/compareWithRuff.ts DIR [--ruff PATH] [--show RULE]
 * Ruff is found as in ruff.test.ts ($SNAKEPIT_RUFF, PATH, .vscode-test/ruff/bin/ruff) unless --ruff is given.
 * Prints, per rule, how many (file, line, rule) findings both report, only Ruff, only we, and how many of the
 * differences are only a different line for the same statement (Ruff reports a multi-line call on its first line,
 * Bandit and we on the line of shell=True, and vice versa for B106/B107/B607).
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ourSecurityFindings, pythonFiles } from './ourFindings';
import { findRuff, ruffVersion, runRuff } from '../ruff';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = path.resolve(args[0]);
  const ruff = args.includes('--ruff') ? args[args.indexOf('--ruff') + 1] : findRuff();
  const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : undefined;
  if (!ruff) throw new Error('ruff not found: pass --ruff PATH or set SNAKEPIT_RUFF');
  const files = pythonFiles(dir);

  const started = performance.now();
  const theirs = new Set(runRuff(ruff, [dir], dir).map((f) => `${f.file}:${f.line} ${f.ruleId}`));
  const ruffSeconds = (performance.now() - started) / 1000;

  const { keys: ours, seconds: ourSeconds } = await ourSecurityFindings(files);

  // A Ruff-only and an ours-only finding of the same rule within 10 lines, in the same file, count as "moved".
  const parse = (key: string) => {
    const [where, rule] = key.split(' ');
    const colon = where.lastIndexOf(':');
    return { file: where.slice(0, colon), line: Number(where.slice(colon + 1)), rule };
  };
  const ruffOnly = [...theirs].filter((key) => !ours.has(key)).map(parse);
  const oursOnly = [...ours].filter((key) => !theirs.has(key)).map(parse);
  const moved = new Set<string>();
  for (const r of ruffOnly) {
    const match = oursOnly.find((o) => !moved.has(`o ${o.file}:${o.line} ${o.rule}`) && o.rule === r.rule && o.file === r.file && o.line !== r.line && Math.abs(o.line - r.line) <= 10);
    if (match) {
      moved.add(`r ${r.file}:${r.line} ${r.rule}`);
      moved.add(`o ${match.file}:${match.line} ${match.rule}`);
    }
  }

  const perRule = new Map<string, { both: number; ruff: number; ours: number; moved: number }>();
  const row = (rule: string) => perRule.get(rule) ?? perRule.set(rule, { both: 0, ruff: 0, ours: 0, moved: 0 }).get(rule)!;
  for (const key of theirs) if (ours.has(key)) row(parse(key).rule).both++;
  for (const r of ruffOnly) {
    if (moved.has(`r ${r.file}:${r.line} ${r.rule}`)) row(r.rule).moved++;
    else row(r.rule).ruff++;
  }
  for (const o of oursOnly) if (!moved.has(`o ${o.file}:${o.line} ${o.rule}`)) row(o.rule).ours++;
  if (show) {
    for (const r of ruffOnly) if (r.rule === show) console.log(moved.has(`r ${r.file}:${r.line} ${r.rule}`) ? 'moved    ' : 'ruff only', `${path.relative(dir, r.file)}:${r.line} ${r.rule}`);
    for (const o of oursOnly) if (o.rule === show && !moved.has(`o ${o.file}:${o.line} ${o.rule}`)) console.log('ours only', `${path.relative(dir, o.file)}:${o.line} ${o.rule}`);
  }

  const total = { both: 0, ruff: 0, ours: 0, moved: 0 };
  console.log(`${ruffVersion(ruff)}, --select S (stable), S-codes mapped to B-IDs`);
  console.log('rule   both  ruff-only  ours-only  moved');
  for (const [rule, counts] of [...perRule].sort()) {
    console.log(`${rule}  ${String(counts.both).padStart(5)}  ${String(counts.ruff).padStart(9)}  ${String(counts.ours).padStart(9)}  ${String(counts.moved).padStart(5)}`);
    total.both += counts.both;
    total.ruff += counts.ruff;
    total.ours += counts.ours;
    total.moved += counts.moved;
  }
  console.log(
    `files ${files.length}; Ruff findings ${theirs.size}, matched ${total.both} (${((100 * total.both) / Math.max(1, theirs.size)).toFixed(1)}%), ` +
      `same statement on another line ${total.moved}, Ruff-only ${total.ruff}, ours-only ${total.ours}`,
  );
  console.log(`time: ruff ${ruffSeconds.toFixed(2)}s (incl. process start), ours ${ourSeconds.toFixed(2)}s (parse + walk + rules, files preloaded)`);
}

void main();
