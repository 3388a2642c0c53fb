// Docker engine latencies: median over N runs of create+start, exec `python3 -c pass`, snapshot, rollback and
// destroy, beside plain `docker run --rm IMAGE true` through the CLI; then snapshot/rollback with ~200 MB in /work.
// Usage: npx tsx bench/sandbox-docker.ts [RUNS]   (default 10; image: $SNAKEPIT_TEST_IMAGE or snakepit/python:bookworm)
import { spawnSync } from 'node:child_process';
import { DockerEngine } from '../src/core/sandbox/docker';
import type { SandboxRecord } from '../src/core/sandbox/engine';

const image = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const runs = Number(process.argv[2] ?? 10);
const engine = new DockerEngine();
const samples = new Map<string, number[]>();

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  samples.set(name, [...(samples.get(name) ?? []), ms]);
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// 200 files of 1 MiB of random bytes, as a stand-in for installed packages.
const FILL_200_MB = `
import os
os.makedirs('/work/site-packages', exist_ok=True)
for i in range(200):
    with open('/work/site-packages/blob%03d.bin' % i, 'wb') as f:
        f.write(os.urandom(1024 * 1024))
`;

async function main() {
  for (let run = 0; run < runs; run++) {
    await timed('docker run --rm IMAGE true (CLI)', async () => {
      const result = spawnSync('docker', ['run', '--rm', '--network', 'none', image, 'true']);
      if (result.status !== 0) throw new Error(result.stderr.toString());
    });
    const record: SandboxRecord = await timed('create + start', () => engine.create({ name: `bench-${process.pid}-${run}`, image, purpose: 'ephemeral' }));
    try {
      await timed('exec python3 -c pass', () => engine.exec(record, ['python3', '-c', 'pass']));
      await engine.exec(record, ['python3', '-c', "open('/work/a.py', 'w').write('x = 1')"]);
      const snapshot = await timed('snapshot (tiny /work)', () => engine.snapshot(record, 'bench'));
      await timed('rollback (tiny /work)', () => engine.rollback(record, snapshot));
    } finally {
      await timed('destroy', () => engine.destroy(record));
    }
  }

  const big = await engine.create({ name: `bench-${process.pid}-200mb`, image, purpose: 'ephemeral', limits: { memoryBytes: 2 * 1024 ** 3 } });
  try {
    const fill = await engine.exec(big, ['python3', '-c', FILL_200_MB]);
    if (fill.exitCode !== 0) throw new Error(fill.stderr);
    for (let run = 0; run < runs; run++) {
      const snapshot = await timed('snapshot (200 MB /work)', () => engine.snapshot(big, `big-${run}`));
      await engine.exec(big, ['sh', '-c', 'rm /work/site-packages/blob000.bin; echo new > /work/new.txt']);
      await timed('rollback (200 MB /work)', () => engine.rollback(big, snapshot));
      await engine.deleteSnapshot(big, snapshot);
    }
  } finally {
    await engine.destroy(big);
  }

  console.log(`| step | median ms | min | max | runs |\n|---|---:|---:|---:|---:|`);
  for (const [name, values] of samples) {
    console.log(`| ${name} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${Math.max(...values).toFixed(0)} | ${values.length} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
