// Bubblewrap sandbox timings: medians over RUNS runs of
//   plain `bwrap --ro-bind / / true` · engine exec `python -c pass` (a sandbox start) · create (with venv)
//   · snapshot and rollback with ~200 MB in the work dir · `cp -a --reflink=auto` against `fs.cp` for the same tree.
// Usage: npx tsx bench/sandbox-bwrap.ts [RUNS=10] [CREATE_RUNS=10]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BubblewrapEngine } from '../src/core/sandbox/bubblewrap';
import { resolveInterpreter } from '../src/core/sandbox/hostDir/interpreter';
import { copyTree, removeTree } from '../src/core/sandbox/hostDir/treeCopy';

const runs = Number(process.argv[2] ?? 10);
const createRuns = Number(process.argv[3] ?? 10);

async function median(label: string, count: number, once: (i: number) => Promise<unknown> | unknown, after?: (i: number) => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await once(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    await after?.(i);
  }
  samples.sort((a, b) => a - b);
  const middle = samples.length % 2 ? samples[(samples.length - 1) / 2] : (samples[samples.length / 2 - 1] + samples[samples.length / 2]) / 2;
  console.log(`${label.padEnd(48)} median ${middle.toFixed(1).padStart(8)} ms   min ${samples[0].toFixed(1)}   max ${samples[samples.length - 1].toFixed(1)}   (n=${count})`);
}

function fillWork(work: string, megabytes: number): void {
  const dir = path.join(work, 'payload');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < megabytes; i++) fs.writeFileSync(path.join(dir, `blob-${i}.bin`), randomBytes(1 << 20));
}

function sizeOf(dir: string): string {
  return spawnSync('du', ['-sh', dir], { encoding: 'utf8' }).stdout.split('\t')[0];
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-'));
  const engine = new BubblewrapEngine(root);
  console.log(`${os.cpus().length} CPUs, ${os.release()}, ${(await engine.available()).ok ? 'bwrap ok' : 'bwrap NOT available'}; root ${root}`);
  try {
    await median('plain bwrap --ro-bind / / true', runs, () => spawnSync('bwrap', ['--ro-bind', '/', '/', 'true']));
    // The real binary: `python3` on PATH may be a pyenv shim (a shell script costing ~0.4 s).
    const { executable } = await resolveInterpreter();
    await median(`plain bwrap --ro-bind / / python -c pass`, runs, () => spawnSync('bwrap', ['--ro-bind', '/', '/', executable, '-c', 'pass']));

    const record = await engine.create({ name: 'bench' });
    await median('engine exec `true` (sandbox start)', runs, () => engine.exec(record, ['true']));
    await median('engine exec `python -c pass` (start + python)', runs, () => engine.exec(record, ['python', '-c', 'pass']));
    const limited = await engine.create({ name: 'bench-limited', limits: { memoryBytes: 512 << 20, pids: 128, cpus: 1 } });
    await median('  … with limits (cgroup/prlimit)', runs, () => engine.exec(limited, ['python', '-c', 'pass']));
    await engine.destroy(limited);

    await median('create with venv (from the per-interpreter template after the first)', createRuns, (i) => engine.create({ name: `bench-create-${i}` }), async (i) => engine.destroy({ ...record, name: `bench-create-${i}`, handle: path.join(root, `bench-create-${i}`) }));

    const work = path.join(record.handle, 'work');
    fillWork(work, 180);
    console.log(`work dir: ${sizeOf(work)} (venv + 180 x 1 MiB random files)`);
    const snapshots: Awaited<ReturnType<typeof engine.snapshot>>[] = [];
    await median('snapshot', runs, async () => snapshots.push(await engine.snapshot(record, 'bench')));
    await median('rollback', runs, (i) => engine.rollback(record, snapshots[i]));
    for (const snapshot of snapshots) await engine.deleteSnapshot(record, snapshot);

    const copy = path.join(root, 'copy');
    await median('copy tree: cp -a --reflink=auto', Math.min(runs, 5), () => copyTree(work, copy), () => removeTree(copy));
    await median('copy tree: fs.promises.cp (recursive)', Math.min(runs, 5), () => fs.promises.cp(work, copy, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true }), () => removeTree(copy));
    await engine.destroy(record);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
