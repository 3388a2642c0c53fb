// The floor under any tree-sitter-based scan: parsing alone, every file of a corpus, one thread.
// Usage: npx tsx bench/parse-floor.ts [CORPUS_DIR]   (default: $TMPDIR/snakepit-corpus/src)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonParser } from '../src/core/analysis/parser';

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(full, out);
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

async function main() {
  const corpus = process.argv[2] ?? path.join(process.env.TMPDIR ?? '/tmp', 'snakepit-corpus', 'src');
  const sources = pythonFiles(corpus).map((file) => fs.readFileSync(file, 'utf8'));
  const lines = sources.reduce((n, s) => n + s.split('\n').length, 0);
  const parser = await PythonParser.create();
  const started = performance.now();
  for (const source of sources) parser.parse(source).delete();
  const seconds = (performance.now() - started) / 1000;
  console.log(`parse only, one thread: ${sources.length} files, ${lines} lines in ${seconds.toFixed(2)} s (${Math.round(lines / seconds)} lines/s)`);
}

void main();
