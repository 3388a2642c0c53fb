// Verdict history speed: re-validating identical artifacts must answer from the history in well under 100 ms.
// Usage: npx tsx bench/history-lookup.ts [ENTRIES]   (default 5000; each entry ~5 KB like a real report)
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VerdictHistory, type HistoryEntry } from '../src/core/packages/gate/history';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function entry(i: number): HistoryEntry {
  const sha256s = [sha(`${i}-wheel`), sha(`${i}-dep`)];
  const name = `project-${i % 1000}`;
  const version = `1.${Math.floor(i / 1000)}.0`;
  return {
    name,
    version,
    verdict: i % 17 === 0 ? 'fail' : 'pass',
    score: 90,
    sha256s,
    rulesetVersion: '1',
    validatedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    engine: 'bubblewrap',
    package: {
      name,
      version,
      requested: `${name}==${version}`,
      verdict: 'pass',
      score: 90,
      cached: false,
      artifacts: sha256s.map((s, n) => ({ filename: `${name}-${version}-${n}-py3-none-any.whl`, sha256: s, size: 123456 })),
      reasons: Array.from({ length: 20 }, (_, r) => ({ code: `SPK1${r}`, severity: 'low' as const, message: `finding number ${r} with some words a person can act on`, file: `${name}/module_${r}.py`, line: r * 7, evidence: 'subprocess.run(["git", "rev-parse"], check=True)' })),
      behavior: Array.from({ length: 10 }, (_, b) => ({ phase: 'import' as const, event: 'open', detail: `/work/.venv/lib/python3.11/site-packages/${name}/data_${b}.json`, module: name })),
      timings: { ingestMs: 1200, testMs: 3400, totalMs: 4600 },
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main() {
  const count = Number(process.argv[2] ?? 5000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-history-'));
  try {
    const file = path.join(dir, 'verdicts.jsonl');
    const writer = new VerdictHistory(file);
    let started = performance.now();
    for (let i = 0; i < count; i++) writer.record(entry(i));
    const recordMs = (performance.now() - started) / count;
    const size = fs.statSync(file).size + fs.statSync(writer.reportsFile).size;
    const indexSize = fs.statSync(file).size;

    started = performance.now();
    const reader = new VerdictHistory(file);
    const first = reader.lookup({ sha256s: entry(count - 1).sha256s, rulesetVersion: '1' });
    const coldMs = performance.now() - started;
    if (first?.version !== entry(count - 1).version) throw new Error('cold lookup found the wrong entry');

    const lookups: number[] = [];
    for (let n = 0; n < 2000; n++) {
      const i = Math.floor(Math.random() * count);
      const t = performance.now();
      const found = reader.lookup({ sha256s: entry(i).sha256s.reverse(), rulesetVersion: '1' });
      lookups.push(performance.now() - t);
      if (found?.name !== entry(i).name) throw new Error(`lookup ${i} found the wrong entry`);
    }
    const latest: number[] = [];
    for (let n = 0; n < 500; n++) {
      const t = performance.now();
      reader.latestFor(`Project_${n % 1000}`);
      latest.push(performance.now() - t);
    }
    const misses: number[] = [];
    for (let n = 0; n < 500; n++) {
      const t = performance.now();
      reader.lookup({ sha256s: [sha(`miss-${n}`)], rulesetVersion: '1' });
      misses.push(performance.now() - t);
    }
    console.log(`history of ${count} entries, ${(size / 1e6).toFixed(1)} MB of which the index ${(indexSize / 1e6).toFixed(2)} MB (node ${process.version}, ${os.cpus().length} CPUs)`);
    console.log(`record (append under lock, fsync): ${recordMs.toFixed(2)} ms per entry`);
    console.log(`cold: open + index + first lookup: ${coldMs.toFixed(1)} ms`);
    console.log(`warm lookup (hit), median ${median(lookups).toFixed(3)} ms, max ${Math.max(...lookups).toFixed(3)} ms`);
    console.log(`warm lookup (miss), median ${median(misses).toFixed(3)} ms`);
    console.log(`latestFor, median ${median(latest).toFixed(3)} ms`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
