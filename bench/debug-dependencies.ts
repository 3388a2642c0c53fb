// What the workspace environment costs a debug launch: a project whose .venv got `requests` (and its 4 dependencies)
// through the real gate (`snakepit validate requests --install`, bubblewrap), debugged by the real adapter
// (dist/debugAdapter.js) in an ephemeral sandbox, time from `launch` to the first `stopped`:
//   workspace · app.py (`import requests`, breakpoint after it), "dependencies": "workspace": the 5 verified wheels
//               are installed from the gate's cache before launch
//   none      · plain.py (no import, same breakpoint line), "dependencies": "none": the launch as it was before
// Warm image and caches (one unmeasured run of each first), median of RUNS runs, the two taking turns.
// Usage: node esbuild.js && npx tsx bench/debug-dependencies.ts [RUNS=5] [bubblewrap,docker]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';

const runs = Number(process.argv[2] ?? 5);
const engines = (process.argv[3] ?? 'bubblewrap,docker').split(',');
const repo = path.resolve(__dirname, '..');
const BREAK_LINE = 6;
const APP = 'import requests\n\n\ndef main():\n    session = requests.Session()\n    print(session.headers["User-Agent"])\n\n\nmain()\n';
const PLAIN = 'import os\n\n\ndef main():\n    session = dict(os.environ)\n    print(len(session))\n\n\nmain()\n';

function run(argv: string[], env: NodeJS.ProcessEnv, cwd?: string): void {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env, cwd });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
}

async function once(env: NodeJS.ProcessEnv, launch: Record<string, unknown>, program: string): Promise<number> {
  const client = new DebugClient('node', path.join(repo, 'dist', 'debugAdapter.js'), 'snakepit', { env });
  client.defaultTimeout = 180_000;
  let output = '';
  client.on('output', (event) => (output += event.body.output));
  await client.start();
  try {
    await client.initializeRequest();
    let stoppedAt = 0;
    const stopped = new Promise<void>((resolve) => client.once('stopped', () => ((stoppedAt = performance.now()), resolve())));
    const initialized = client.waitForEvent('initialized', 180_000);
    const started = performance.now();
    const launched = client.launchRequest({ ...launch, program } as never);
    await initialized;
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: BREAK_LINE }] });
    await client.setExceptionBreakpointsRequest({ filters: [] });
    await client.configurationDoneRequest();
    await launched;
    await Promise.race([stopped, new Promise((_, reject) => setTimeout(() => reject(new Error(`no stop; output:\n${output}`)), 180_000))]);
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

const line = (label: string, samples: number[]) =>
  `${label.padEnd(22)} median ${median(samples).toFixed(0).padStart(6)} ms   min ${Math.min(...samples).toFixed(0)}   max ${Math.max(...samples).toFixed(0)}   (n=${samples.length})`;

async function main() {
  if (!fs.existsSync(path.join(repo, 'dist', 'debugAdapter.js'))) throw new Error('run `node esbuild.js` first');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-deps-'));
  fs.chmodSync(scratch, 0o755);
  const env = { ...process.env, XDG_STATE_HOME: path.join(scratch, 'state'), XDG_CACHE_HOME: path.join(scratch, 'cache'), SNAKEPIT_STATE_DIR: path.join(scratch, 'state', 'snakepit') };
  const project = path.join(scratch, 'project');
  fs.mkdirSync(project, { mode: 0o755 });
  console.log(`${os.cpus().length} CPUs, ${os.release()}, node ${process.version}; launch → first stopped at a breakpoint`);
  try {
    run(['python3', '-m', 'venv', path.join(project, '.venv')], env);
    run([process.execPath, path.join(repo, 'dist', 'cli.js'), 'validate', 'requests', '--install', '-y', '--engine', 'bubblewrap'], env, project);
    fs.writeFileSync(path.join(project, 'app.py'), APP);
    fs.writeFileSync(path.join(project, 'plain.py'), PLAIN);
    for (const engine of engines) {
      const withDeps = { workspaceFolder: project, sandbox: { engine, dependencies: 'workspace' } };
      const without = { workspaceFolder: project, sandbox: { engine, dependencies: 'none' } };
      await once(env, withDeps, path.join(project, 'app.py'));
      await once(env, without, path.join(project, 'plain.py'));
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < runs; i++) {
        a.push(await once(env, withDeps, path.join(project, 'app.py')));
        b.push(await once(env, without, path.join(project, 'plain.py')));
      }
      console.log(line(`${engine} workspace`, a));
      console.log(line(`${engine} none`, b));
      console.log(`${engine}: the workspace's 5 verified packages add ${(median(a) - median(b)).toFixed(0)} ms (median difference)`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
