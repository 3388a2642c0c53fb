// How late an exec's timeout is honoured on docker: a plain `sleep` and a fork bomb at the pids limit, each with a 3 s
// timeout, N runs; prints the median and worst overshoot (wall time − timeout). Goal: ≤ 2 s under a fork bomb.
// Usage: npx tsx bench/exec-timeout.ts [RUNS]   (default 5; image: $SNAKEPIT_TEST_IMAGE or snakepit/python:bookworm)
import { DockerEngine } from '../src/core/sandbox/docker';

const image = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const runs = Number(process.argv[2] ?? 5);
const TIMEOUT_MS = 3000;
const FORK_BOMB = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const engine = new DockerEngine(undefined, `bench-${process.pid}`);
  const record = await engine.create({ name: `bench-timeout-${process.pid}`, image, purpose: 'ephemeral', limits: { pids: 64 } });
  try {
    for (const [what, argv] of [
      ['sleep 60', ['sleep', '60']],
      ['fork bomb (pids 64)', ['python3', '-c', FORK_BOMB]],
    ] as const) {
      const late: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = Date.now();
        const result = await engine.exec(record, argv, { timeoutMs: TIMEOUT_MS });
        if (!result.timedOut) throw new Error(`${what}: did not time out`);
        late.push(Date.now() - started - TIMEOUT_MS);
      }
      console.log(`${what.padEnd(22)} overshoot median ${median(late)} ms, worst ${Math.max(...late)} ms (${runs} runs)`);
    }
  } finally {
    await engine.destroy(record);
  }
}

void main();
