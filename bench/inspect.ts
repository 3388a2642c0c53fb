// Throughput of `snakepit inspect` (inspectPaths) over real wheels from the local package indexes
// that pip's configuration names. One thread, as the CLI runs.
// Usage: npx tsx bench/inspect.ts [--count N] [--max-mb M] [--out FILE.jsonl]
//   --count  how many wheels (default 300), spread evenly over the name-sorted list
//   --max-mb skip wheels larger than this on disk (default 50), so one giant does not dominate
//   --out    write one JSON line per wheel (verdict, score, reason codes, ms) for a verdict survey
import * as fs from 'node:fs';
import { inspectPaths } from '../src/core/packages/inspect/inspectPath';
import { allLocalWheels } from '../test/unit/packages/inspect/localWheels';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function main() {
  const count = Number(flag('--count', '300'));
  const maxBytes = Number(flag('--max-mb', '50')) * 1024 ** 2;
  const out = flag('--out', '');
  const all = allLocalWheels().filter((w) => fs.statSync(w).size <= maxBytes);
  if (all.length === 0) {
    console.log('no local wheels found (pip config names no file:// index); nothing to measure');
    return;
  }
  const step = Math.max(1, all.length / count);
  const sample: string[] = [];
  for (let i = 0; i < all.length && sample.length < count; i += step) sample.push(all[Math.floor(i)]);
  const bytes = sample.reduce((n, w) => n + fs.statSync(w).size, 0);
  const rows: string[] = [];
  const times: Array<[number, string]> = [];
  let lines = 0;
  let files = 0;
  const verdicts = { pass: 0, warn: 0, fail: 0 };
  const codes = new Map<string, number>();
  const started = performance.now();
  for (const wheel of sample) {
    const t = performance.now();
    const [result] = await inspectPaths([wheel]);
    const ms = performance.now() - t;
    times.push([ms, wheel]);
    lines += result.lines;
    files += result.files;
    verdicts[result.verdict]++;
    for (const code of new Set(result.reasons.filter((r) => r.severity !== 'low').map((r) => `${r.code}:${r.severity}`))) codes.set(code, (codes.get(code) ?? 0) + 1);
    if (out) rows.push(JSON.stringify({ wheel, name: result.name, verdict: result.verdict, score: result.score, ms: Math.round(ms), lines: result.lines, reasons: result.reasons.filter((r) => r.severity !== 'low').map((r) => `${r.code}:${r.severity} ${r.file ?? ''}:${r.line ?? ''}`) }));
  }
  const seconds = (performance.now() - started) / 1000;
  if (out) fs.writeFileSync(out, `${rows.join('\n')}\n`);
  console.log(`inspect: ${sample.length} wheels (${(bytes / 1024 ** 2).toFixed(0)} MiB on disk, ${files} files, ${lines} Python lines) in ${seconds.toFixed(1)} s`);
  console.log(`  ${(sample.length / seconds).toFixed(1)} archives/s, ${Math.round(lines / seconds)} lines/s, ${(bytes / 1024 ** 2 / seconds).toFixed(1)} MiB/s`);
  console.log(`  verdicts: ${verdicts.pass} pass, ${verdicts.warn} warn, ${verdicts.fail} fail`);
  console.log(`  packages with a medium/high reason, by code: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
  times.sort((a, b) => b[0] - a[0]);
  console.log(`  slowest: ${times.slice(0, 5).map(([ms, w]) => `${w.slice(w.lastIndexOf('/') + 1)} ${(ms / 1000).toFixed(1)} s`).join('; ')}`);
}

void main();
