// Docker sandboxes under runc and under runsc (gVisor) side by side, in one run: medians over N rounds of create+start,
// exec `python3 -c pass`, exec `python3 -m pip --version` (many files opened: system-call heavy, as pip and imports
// are), snapshot and rollback of a small /work, destroy; plus plain `docker run --rm --runtime R IMAGE true`. The
// runtimes take turns within each round, so load on the machine falls on both alike.
// Usage: npx tsx bench/sandbox-runtimes.ts [RUNS] [RUNTIMES]   (default 10 runc,runsc; image: $SNAKEPIT_TEST_IMAGE
// or snakepit/python:bookworm). A runtime dockerd does not have is left out, with the reason.
import { spawnSync } from 'node:child_process';
import { DockerEngine, type DockerRuntime } from '../src/core/sandbox/docker';
import type { SandboxRecord } from '../src/core/sandbox/engine';

const image = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const runs = Number(process.argv[2] ?? 10);
const asked = (process.argv[3] ?? 'runc,runsc').split(',') as DockerRuntime[];
const STEPS = ['docker run --rm IMAGE true (CLI)', 'create + start', 'exec python3 -c pass', 'exec python3 -m pip --version', 'snapshot (small /work)', 'rollback (small /work)', 'destroy'] as const;
type Step = (typeof STEPS)[number];
const samples = new Map<string, number[]>();

async function timed<T>(runtime: string, step: Step, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const key = `${runtime} ${step}`;
  samples.set(key, [...(samples.get(key) ?? []), Number(process.hrtime.bigint() - started) / 1e6]);
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function round(runtime: DockerRuntime, engine: DockerEngine, run: number): Promise<void> {
  await timed(runtime, 'docker run --rm IMAGE true (CLI)', async () => {
    const result = spawnSync('docker', ['run', '--rm', '--runtime', runtime, '--network', 'none', image, 'true']);
    if (result.status !== 0) throw new Error(result.stderr.toString());
  });
  const record: SandboxRecord = await timed(runtime, 'create + start', () => engine.create({ name: `bench-rt-${process.pid}-${runtime}-${run}`, image, purpose: 'user' }));
  try {
    const ok = async (argv: string[]) => {
      const result = await engine.exec(record, argv);
      if (result.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr}`);
    };
    await timed(runtime, 'exec python3 -c pass', () => ok(['python3', '-c', 'pass']));
    await timed(runtime, 'exec python3 -m pip --version', () => ok(['python3', '-m', 'pip', '--version']));
    await ok(['python3', '-c', "import os\nos.makedirs('/work/pkg')\nfor i in range(50): open('/work/pkg/m%d.py' % i, 'w').write('x = %d\\n' % i)"]);
    const snapshot = await timed(runtime, 'snapshot (small /work)', () => engine.snapshot(record, 'bench'));
    await ok(['sh', '-c', 'rm /work/pkg/m0.py; echo new > /work/new.txt']);
    await timed(runtime, 'rollback (small /work)', () => engine.rollback(record, snapshot));
  } finally {
    await timed(runtime, 'destroy', () => engine.destroy(record));
  }
}

async function main() {
  const probe = new DockerEngine();
  const registered = (await probe.runtimes(true)).runtimes.map((r) => r.name);
  const runtimes = asked.filter((runtime) => {
    if (registered.includes(runtime)) return true;
    console.error(`leaving out ${runtime}: dockerd has no such runtime (it has ${registered.join(', ')}); .ci/provision-docker.sh registers runsc`);
    return false;
  });
  const engines = new Map(runtimes.map((runtime) => [runtime, new DockerEngine(undefined, undefined, { runtime })]));
  for (let run = 0; run < runs; run++) {
    for (const runtime of runtimes) await round(runtime, engines.get(runtime)!, run);
  }

  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 3).join(' ');
  console.log(`medians of ${runs} runs, ms (min–max); load average at the end: ${load}\n`);
  console.log(`| step | ${runtimes.join(' | ')}${runtimes.length === 2 ? ` | ${runtimes[1]} / ${runtimes[0]}` : ''} |`);
  console.log(`|---|${runtimes.map(() => '---:').join('|')}${runtimes.length === 2 ? '|---:' : ''}|`);
  for (const step of STEPS) {
    const medians = runtimes.map((runtime) => median(samples.get(`${runtime} ${step}`) ?? [NaN]));
    const cells = runtimes.map((runtime, i) => {
      const values = samples.get(`${runtime} ${step}`) ?? [];
      return `${medians[i].toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
    });
    const ratio = runtimes.length === 2 ? ` | ${(medians[1] / medians[0]).toFixed(1)}×` : '';
    console.log(`| ${step} | ${cells.join(' | ')}${ratio} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
