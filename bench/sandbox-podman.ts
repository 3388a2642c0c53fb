// Docker and Podman sandboxes side by side, in one run (the same engine code against dockerd and Podman's
// Docker-compatible service): medians over N rounds of create+start, exec `python3 -c pass`, snapshot and rollback of
// a small /work, destroy. The engines take turns within each round, so load on the machine falls on both alike.
// Usage: npx tsx bench/sandbox-podman.ts [RUNS]   (default 5; image: $SNAKEPIT_TEST_IMAGE or snakepit/python:bookworm,
// present in both: .ci/provision-docker.sh, .ci/provision-podman.sh). An engine that is not available is left out.
import { DockerEngine } from '../src/core/sandbox/docker';
import type { Engine, SandboxRecord } from '../src/core/sandbox/engine';
import { PodmanEngine } from '../src/core/sandbox/podman';

const image = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const runs = Number(process.argv[2] ?? 5);
const STEPS = ['create + start', 'exec python3 -c pass', 'snapshot (small /work)', 'rollback (small /work)', 'destroy'] as const;
const samples = new Map<string, number[]>();

async function timed<T>(engine: string, step: (typeof STEPS)[number], work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const key = `${engine}\t${step}`;
  samples.set(key, [...(samples.get(key) ?? []), Number(process.hrtime.bigint() - started) / 1e6]);
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function round(engine: Engine, n: number): Promise<void> {
  const name = `bench-${engine.kind}-${process.pid}-${n}`;
  const record: SandboxRecord = await timed(engine.kind, 'create + start', () => engine.create({ name, image, purpose: 'ephemeral' }));
  try {
    await timed(engine.kind, 'exec python3 -c pass', () => engine.exec(record, ['python3', '-c', 'pass']));
    await engine.exec(record, ['sh', '-c', 'mkdir -p /work/p && for i in $(seq 1 50); do echo $i > /work/p/f$i; done']);
    const snapshot = await timed(engine.kind, 'snapshot (small /work)', () => engine.snapshot(record, 'bench'));
    await engine.exec(record, ['rm', '-rf', '/work/p']);
    await timed(engine.kind, 'rollback (small /work)', () => engine.rollback(record, snapshot));
  } finally {
    await timed(engine.kind, 'destroy', () => engine.destroy(record));
  }
}

(async () => {
  const scope = `bench-podman-${process.pid}`;
  const engines: Engine[] = [];
  for (const engine of [new DockerEngine(undefined, scope), new PodmanEngine(scope)]) {
    const availability = await engine.available();
    if (availability.ok) engines.push(engine);
    else console.log(`${engine.kind} left out: ${availability.reason}`);
  }
  for (let n = 0; n < runs; n++) for (const engine of engines) await round(engine, n);
  console.log(`medians of ${runs} runs (ms)\nengine\tstep\tmedian\tmin\tmax`);
  for (const step of STEPS) {
    for (const engine of engines) {
      const values = samples.get(`${engine.kind}\t${step}`) ?? [];
      console.log(`${engine.kind}\t${step}\t${median(values).toFixed(0)}\t${Math.min(...values).toFixed(0)}\t${Math.max(...values).toFixed(0)}`);
    }
  }
})();
