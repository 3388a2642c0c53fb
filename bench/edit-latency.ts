// Edit latency in-process: a one-line edit in a ~3,000-line real file → incremental
// re-parse + every rule and metric. Prints p50/p95 over 300 edits for the editor's path
// (IncrementalDocument: results of unchanged statements reused) and, on the same edits in
// the same run, for a full re-analysis of the re-parsed tree (the path before reuse).
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

function report(label: string, samples: number[]): void {
  samples.sort((a, b) => a - b);
  console.log(`${label}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms`);
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
  const samples = { reusing: [] as number[], full: [] as number[] };
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
    let started = performance.now();
    reusing.analyze(text, [change], options);
    const reused = performance.now() - started;
    started = performance.now();
    analyzeTree(full.update(text, [change]).tree, text, options);
    if (i >= 20) {
      samples.full.push(performance.now() - started);
      samples.reusing.push(reused);
    }
  }
  console.log(`${path.basename(file)}: ${lines.length} lines, ${samples.reusing.length} edits; load average ${load.toFixed(2)} → ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`);
  report('edit → findings + metrics, unchanged statements reused (IncrementalDocument)', samples.reusing);
  report('edit → findings + metrics, full re-analysis of the re-parsed tree', samples.full);
  reusing.dispose();
  full.dispose();
  parser.delete();
}

void main();
