/**
 * Agreement of src/core/analysis/metrics with radon 5 over a corpus.
 *
 *   npx tsx bench/radon-agreement.ts DIR [--radon /usr/bin/radon] [--cache FILE] [--exclude GLOBS] [--examples N]
 *
 * Runs `radon cc -j`, `radon hal -j`, `radon mi -j -s` and `radon raw -j` on DIR
 * (or reads them from --cache, written on the first run), analyses every file
 * radon analysed with createMetricsAnalyzer driven by the shared walk, and
 * reports (--exclude is passed to radon as `-e`; radon's raw analyser is
 * quadratic in the length of one expression, so a 17,000-line data table such
 * as pip's vendored idna/uts46data.py takes it hours):
 *   - % of functions/methods/classes (closures included) whose cyclomatic
 *     complexity equals radon's,
 *   - % of files whose Halstead volume is within 1% of radon's (and exact h1/h2/N1/N2),
 *   - % of per-function Halstead volumes within 1% (`radon hal -f`),
 *   - % of files whose MI is within 1%, and whose raw metrics are all equal,
 *   - the top disagreement causes, with examples.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ImportScope } from '../src/core/analysis/importScope';
import { createMetricsAnalyzer } from '../src/core/analysis/metrics';
import { PythonParser } from '../src/core/analysis/parser';
import type { FileMetrics } from '../src/core/analysis/types';
import { walk } from '../src/core/analysis/walk';

const run = promisify(execFile);

interface RadonBlock {
  type: 'function' | 'method' | 'class';
  name: string;
  lineno: number;
  complexity: number;
  classname?: string;
  methods?: RadonBlock[];
  closures?: RadonBlock[];
}

type HalRow = number[];
interface RadonOutputs {
  cc: Record<string, RadonBlock[] | { error: string }>;
  hal: Record<string, { total: HalRow; functions: [string, HalRow][] } | { error: string }>;
  mi: Record<string, { mi: number; rank: string } | { error: string }>;
  raw: Record<string, Record<string, number> | { error: string }>;
}

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function radonOutputs(dir: string, radon: string, cache: string | undefined): Promise<RadonOutputs> {
  if (cache && fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8')) as RadonOutputs;
  const opts = { maxBuffer: 1 << 30, cwd: dir };
  const exclude = arg('--exclude');
  const extra = exclude ? ['-e', exclude, '.'] : ['.'];
  const [cc, hal, mi, raw] = await Promise.all([
    run(radon, ['cc', '-j', ...extra], opts),
    run(radon, ['hal', '-j', ...extra], opts),
    run(radon, ['mi', '-j', '-s', ...extra], opts),
    run(radon, ['raw', '-j', ...extra], opts),
  ]);
  const out: RadonOutputs = {
    cc: JSON.parse(cc.stdout),
    hal: JSON.parse(hal.stdout),
    mi: JSON.parse(mi.stdout),
    raw: JSON.parse(raw.stdout),
  };
  if (cache) fs.writeFileSync(cache, JSON.stringify(out));
  return out;
}

function within(a: number, b: number, tolerance = 0.01): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** Every block radon reports, closures (recursively) included. */
function flatten(blocks: RadonBlock[], out: RadonBlock[] = []): RadonBlock[] {
  for (const b of blocks) {
    out.push(b);
    if (b.type === 'class' && b.methods) {
      // radon lists a class's methods both inside it and at top level
    }
    if (b.closures) flatten(b.closures, out);
  }
  return out;
}

class Tally {
  total = 0;
  ok = 0;
  add(ok: boolean): void {
    this.total++;
    if (ok) this.ok++;
  }
  toString(): string {
    return `${this.ok}/${this.total} = ${this.total ? ((100 * this.ok) / this.total).toFixed(2) : '—'}%`;
  }
}

class Causes {
  get size(): number {
    return this.counts.size;
  }
  private readonly counts = new Map<string, { n: number; examples: string[] }>();
  add(cause: string, example: string): void {
    let c = this.counts.get(cause);
    if (!c) this.counts.set(cause, (c = { n: 0, examples: [] }));
    c.n++;
    if (c.examples.length < examplesPerCause) c.examples.push(example);
  }
  print(title: string): void {
    if (this.counts.size === 0) return;
    console.log(`\n${title}`);
    for (const [cause, c] of [...this.counts].sort((a, b) => b[1].n - a[1].n)) {
      console.log(`  ${c.n} × ${cause}`);
      for (const e of c.examples) console.log(`      ${e}`);
    }
  }
}

const examplesPerCause = Number(arg('--examples', '3'));

/** Why a file may disagree, from what we can see without radon's internals. */
function fileCause(source: string, hasSyntaxError: boolean): string {
  if (hasSyntaxError) return 'tree-sitter ERROR nodes (file radon parses, tree-sitter does not)';
  if (/^\s*match\s.*:\s*$/m.test(source)) return 'file has a match statement';
  if (/except\s*\*/.test(source)) return 'file has except*';
  return 'unexplained';
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || dir.startsWith('--')) {
    console.error('usage: npx tsx bench/radon-agreement.ts DIR [--radon PATH] [--cache FILE] [--exclude GLOBS] [--examples N]');
    process.exit(2);
  }
  const root = path.resolve(dir);
  const radon = arg('--radon', '/usr/bin/radon')!;
  const t0 = Date.now();
  const outputs = await radonOutputs(root, radon, arg('--cache'));
  const radonMs = Date.now() - t0;
  const parser = await PythonParser.create();

  const cc = new Tally();
  const ccByKind = { function: new Tally(), method: new Tally(), class: new Tally() };
  const halFile = new Tally();
  const halExact = new Tally();
  const halFunc = new Tally();
  const miFile = new Tally();
  const rawFile = new Tally();
  const radonErrors = new Causes();
  const ccCauses = new Causes();
  const halCauses = new Causes();
  const miCauses = new Causes();
  const rawCauses = new Causes();
  let files = 0;
  let lines = 0;
  let ourMs = 0;

  // `radon cc -j` leaves out files without blocks; `hal` lists every file.
  const names = new Set([...Object.keys(outputs.hal), ...Object.keys(outputs.cc)]);
  for (const rel of [...names].sort()) {
    const file = path.join(root, rel);
    const ccOut = outputs.cc[rel] ?? [];
    const halOut = outputs.hal[rel];
    if ('error' in ccOut || (halOut && 'error' in halOut)) {
      const error = 'error' in ccOut ? ccOut.error : halOut && 'error' in halOut ? halOut.error : '';
      radonErrors.add(`radon cannot parse: ${String(error).split(' (')[0].slice(0, 60)}`, rel);
      continue;
    }
    const source = fs.readFileSync(file, 'utf8');
    files++;
    lines += source.split('\n').length;
    const t = performance.now();
    const tree = parser.parse(source);
    const ctx = { path: file, source, tree, imports: new ImportScope() };
    const analyzer = createMetricsAnalyzer(ctx);
    walk(tree.rootNode, [ctx.imports, analyzer]);
    const ours: FileMetrics = analyzer.result();
    ourMs += performance.now() - t;
    const hasError = tree.rootNode.hasError;
    const cause = fileCause(source, hasError);
    tree.delete();

    // Cyclomatic complexity per block, matched by (line, name, kind).
    const byKey = new Map<string, number>();
    for (const b of ours.blocks) byKey.set(`${b.line}:${b.name}:${b.kind === 'class' ? 'class' : 'def'}`, b.cyclomatic);
    for (const b of flatten(ccOut)) {
      const mine = byKey.get(`${b.lineno}:${b.name}:${b.type === 'class' ? 'class' : 'def'}`);
      const ok = mine === b.complexity;
      cc.add(ok);
      ccByKind[b.type].add(ok);
      if (!ok) ccCauses.add(cause, `${rel}:${b.lineno} ${b.name} radon ${b.complexity} ours ${mine ?? 'missing'}`);
    }

    const hal = outputs.hal[rel];
    if (hal && !('error' in hal)) {
      const [h1, h2, N1, N2, , , , volume] = hal.total;
      const h = ours.halstead;
      const ok = within(h.volume, volume);
      halFile.add(ok);
      halExact.add(h.h1 === h1 && h.h2 === h2 && h.N1 === N1 && h.N2 === N2);
      if (!ok) {
        halCauses.add(cause, `${rel} radon h1 ${h1} h2 ${h2} N1 ${N1} N2 ${N2} V ${volume.toFixed(1)}; ours ${h.h1} ${h.h2} ${h.N1} ${h.N2} V ${h.volume.toFixed(1)}`);
      }
      // Per function (radon: functions not nested in another function, methods included, in order).
      const candidates = ours.blocks.filter((b) => b.kind !== 'class' && b.halstead && !nestedInFunction(b, ours));
      const pool = new Map<string, typeof candidates>();
      for (const b of candidates) {
        const list = pool.get(b.name) ?? [];
        list.push(b);
        pool.set(b.name, list);
      }
      for (const [name, row] of hal.functions) {
        const mine = pool.get(name)?.shift();
        halFunc.add(!!mine?.halstead && within(mine.halstead.volume, row[7]));
      }
    }

    const mi = outputs.mi[rel];
    if (mi && !('error' in mi)) {
      const ok = within(ours.mi, mi.mi);
      miFile.add(ok);
      if (!ok) miCauses.add(cause, `${rel} radon ${mi.mi.toFixed(2)} ours ${ours.mi.toFixed(2)}`);
    }

    const raw = outputs.raw[rel];
    if (raw && !('error' in raw)) {
      const keys = ['loc', 'lloc', 'sloc', 'comments', 'multi', 'blank'] as const;
      const diff = keys.filter((k) => ours[k] !== (raw as Record<string, number>)[k]);
      rawFile.add(diff.length === 0);
      if (diff.length) {
        rawCauses.add(cause, `${rel} ${diff.map((k) => `${k} radon ${(raw as Record<string, number>)[k]} ours ${ours[k]}`).join(', ')}`);
      }
    }
  }

  console.log(`corpus: ${root}`);
  console.log(`files analysed: ${files} (${lines} lines); radon ${radonMs} ms${arg('--cache') ? ' (cache)' : ''}, ours ${ourMs.toFixed(0)} ms`);
  console.log(`cyclomatic complexity equal:      ${cc}`);
  console.log(`  functions ${ccByKind.function}, methods ${ccByKind.method}, classes ${ccByKind.class}`);
  console.log(`Halstead volume within 1% (file): ${halFile}`);
  console.log(`Halstead h1/h2/N1/N2 exact (file): ${halExact}`);
  console.log(`Halstead volume within 1% (hal -f functions): ${halFunc}`);
  console.log(`maintainability index within 1%: ${miFile}`);
  console.log(`raw metrics all equal:            ${rawFile}`);
  radonErrors.print('Files radon could not analyse (skipped):');
  ccCauses.print('Cyclomatic disagreements by cause:');
  halCauses.print('Halstead disagreements by cause:');
  miCauses.print('MI disagreements by cause:');
  rawCauses.print('Raw disagreements by cause:');
  if (ccCauses.size + halCauses.size + miCauses.size + rawCauses.size === 0) {
    console.log('\nNo disagreements on the files radon analysed.');
  }
}

/** Whether a block lies inside a function block (radon's `hal -f` only lists functions that are not). */
function nestedInFunction(block: { line: number; endLine: number }, metrics: FileMetrics): boolean {
  return metrics.blocks.some(
    (b) => b.kind !== 'class' && b !== block && b.line < block.line && b.endLine >= block.endLine,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
