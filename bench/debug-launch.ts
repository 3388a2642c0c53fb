// Debug launch latency: time from the `launch` request to the first `stopped` event at a
// breakpoint (helpers.py:2 of test/fixtures/workspace/debug/main.py), warm image and warm
// caches (one unmeasured run first), median of RUNS runs, for
//   docker     · the real adapter (dist/debugAdapter.js), ephemeral container, debugpy from the image
//   bubblewrap · the same, ephemeral bwrap sandbox, debugpy from Snakepit's cache (installed on the first run)
//   host       · `python -m debugpy.adapter` run directly on the host, from a temp venv with debugpy
//                installed from the local index (the "no sandbox" reference)
// Usage: node esbuild.js && npx tsx bench/debug-launch.ts [RUNS=10] [docker,bubblewrap,host]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';

const runs = Number(process.argv[2] ?? 10);
const which = (process.argv[3] ?? 'docker,bubblewrap,host').split(',');
const repo = path.resolve(__dirname, '..');
const workspace = path.join(repo, 'test', 'fixtures', 'workspace', 'debug');
const program = path.join(workspace, 'main.py');
const helpers = path.join(workspace, 'helpers.py');

interface Target {
  runtime: string;
  script: string;
  env: NodeJS.ProcessEnv;
  launch: Record<string, unknown>;
}

async function once(target: Target): Promise<number> {
  const client = new DebugClient(target.runtime, target.script, 'snakepit', { env: target.env });
  client.defaultTimeout = 120_000;
  await client.start();
  try {
    await client.initializeRequest();
    let stoppedAt = 0;
    const stopped = new Promise<void>((resolve) => client.once('stopped', () => ((stoppedAt = performance.now()), resolve())));
    const initialized = client.waitForEvent('initialized', 120_000);
    const started = performance.now();
    const launched = client.launchRequest(target.launch as never);
    await initialized;
    await client.setBreakpointsRequest({ source: { path: helpers }, breakpoints: [{ line: 2 }] });
    await client.setExceptionBreakpointsRequest({ filters: [] });
    await client.configurationDoneRequest();
    await launched;
    await stopped;
    return stoppedAt - started;
  } finally {
    await client.stop();
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(label: string, target: Target): Promise<number> {
  await once(target);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(target));
  const m = median(samples);
  console.log(`${label.padEnd(12)} median ${m.toFixed(0).padStart(6)} ms   min ${Math.min(...samples).toFixed(0)}   max ${Math.max(...samples).toFixed(0)}   (n=${runs})`);
  return m;
}

/** A throwaway venv on the host with debugpy from the local index (pip's own configuration). */
function hostDebugpy(dir: string): string {
  const venv = path.join(dir, 'venv');
  const run = (argv: string[]) => {
    const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  };
  run(['python3', '-m', 'venv', venv]);
  run([path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '--quiet', '--retries', '0', 'debugpy']);
  return path.join(venv, 'bin', 'python');
}

async function main() {
  const adapter = path.join(repo, 'dist', 'debugAdapter.js');
  if (!fs.existsSync(adapter)) throw new Error('run `node esbuild.js` first');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-debug-'));
  console.log(`${os.cpus().length} CPUs, ${os.release()}, node ${process.version}; launch → first stopped at a breakpoint`);
  try {
    const results: Record<string, number> = {};
    for (const engine of ['docker', 'bubblewrap'].filter((e) => which.includes(e))) {
      results[engine] = await measure(engine, {
        runtime: 'node',
        script: adapter,
        env: { ...process.env, SNAKEPIT_STATE_DIR: path.join(scratch, `state-${engine}`) },
        launch: { program, workspaceFolder: workspace, sandbox: { engine } },
      });
    }
    if (which.includes('host')) {
      const python = hostDebugpy(scratch);
      const adapterDir = spawnSync(python, ['-c', 'import debugpy.adapter, os; print(os.path.dirname(debugpy.adapter.__file__))'], { encoding: 'utf8' }).stdout.trim();
      results.host = await measure('host', {
        runtime: python,
        script: adapterDir,
        env: process.env,
        launch: { type: 'python', program, cwd: workspace, console: 'internalConsole', justMyCode: true },
      });
    }
    if (results.host && results.bubblewrap) console.log(`bubblewrap / host = ${(results.bubblewrap / results.host).toFixed(2)}×`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
