// Edit latency in-process: a one-line edit in a ~3,000-line real file → incremental
// re-parse + every rule and metric. Prints p50/p95 over 300 edits for the editor's path
// (IncrementalDocument: results of unchanged statements reused) and, on the same edits in
// the same run, for a full re-analysis of the re-parsed tree (the path before reuse); wall time,
// and the process's CPU time per edit (less sensitive to a loaded machine than wall time).
// Usage: npx tsx bench/edit-latency.ts [FILE.py]   (default: the largest file of the bench corpus near 3,000 lines)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeTree } from '../src/core/analysis/analyzeSource';
import { defaultConfig } from '../src/core/analysis/config';
import { IncrementalDocument, type TextChange } from '../src/core/analysis/incrementalDocument';
import { PythonParser } from '../src/core/analysis/parser';

function pickFile(): string {
  const arg = process.argv[2];
  if (arg) return arg;
  const corpus = path.join(process.env.TMPDIR ?? '/tmp', 'snakepit-corpus', 'src');
  const candidates: Array<[number, string]> = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.py')) candidates.push([fs.readFileSync(full, 'utf8').split('\n').length, full]);
    }
  };
  visit(corpus);
  candidates.sort((a, b) => Math.abs(a[0] - 3000) - Math.abs(b[0] - 3000));
  return candidates[0][1];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(label: string, wall: number[], cpu: number[]): void {
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${percentile(wall, 50).toFixed(1)} ms, p95 ${percentile(wall, 95).toFixed(1)} ms` +
      ` (CPU p50 ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms)`,
  );
}

/** Wall and CPU milliseconds `run` takes. */
function time(run: () => void): [number, number] {
  const cpu = process.cpuUsage();
  const started = performance.now();
  run();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1000];
}

async function main() {
  const file = pickFile();
  let text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const parser = await PythonParser.create();
  const reusing = new IncrementalDocument(parser);
  const full = new IncrementalDocument(parser);
  const options = { path: file, config: defaultConfig(path.dirname(file)) };
  reusing.analyze(text, undefined, options);
  full.update(text);
  const samples = { reusing: [] as number[], full: [] as number[], reusingCpu: [] as number[], fullCpu: [] as number[] };
  const target = Math.floor(lines.length / 2);
  const load = os.loadavg()[0];
  for (let i = 0; i < 320; i++) {
    // Alternately type and delete a character at the end of a line in the middle of the file.
    const lineStart = text.split('\n', target).join('\n').length + 1;
    const column = text.slice(lineStart).indexOf('\n');
    const offset = lineStart + column;
    const insert = i % 2 === 0;
    const change: TextChange = insert
      ? { rangeOffset: offset, rangeLength: 0, startLine: target, startCharacter: column, endLine: target, endCharacter: column, text: ' ' }
      : { rangeOffset: offset - 1, rangeLength: 1, startLine: target, startCharacter: column - 1, endLine: target, endCharacter: column, text: '' };
    text = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
    const [reusedWall, reusedCpu] = time(() => reusing.analyze(text, [change], options));
    const [fullWall, fullCpu] = time(() => analyzeTree(full.update(text, [change]).tree, text, options));
    if (i >= 20) {
      samples.reusing.push(reusedWall);
      samples.reusingCpu.push(reusedCpu);
      samples.full.push(fullWall);
      samples.fullCpu.push(fullCpu);
    }
  }
  console.log(`${path.basename(file)}: ${lines.length} lines, ${samples.reusing.length} edits; load average ${load.toFixed(2)} → ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`);
  report('edit → findings + metrics, unchanged statements reused (IncrementalDocument)', samples.reusing, samples.reusingCpu);
  report('edit → findings + metrics, full re-analysis of the re-parsed tree', samples.full, samples.fullCpu);
  reusing.dispose();
  full.dispose();
  parser.delete();
}

void main();
