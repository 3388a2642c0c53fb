// CLI fixed cost: whole processes, interleaved in one run so the machine's load weighs on all alike.
// `node -e 0` (the floor), `snakepit --version`, `snakepit sandbox ls` (empty state) and `snakepit --help`
// (every subcommand loaded). Prints median wall time and each one's ratio to the floor, and on Linux the mean CPU time
// (user + system, from /proc: less sensitive than wall time to what else the machine runs).
// Usage: node esbuild.js && npx tsx bench/cli-start.ts [N] [OTHER/dist/cli.js]   (default N = 30; another build's
//        CLI, e.g. of an older commit, adds its rows to the same run)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const count = Number(process.argv[2] ?? 30);
const other = process.argv[3] ? path.resolve(process.argv[3]) : undefined;
const cli = path.resolve(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('dist/cli.js is missing: run `node esbuild.js` first');
  process.exit(2);
}
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-cli-'));
const env = { ...process.env, XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state') };

const cases: Array<[string, string[]]> = [
  ['node -e 0', ['-e', '0']],
  ['snakepit --version', [cli, '--version']],
  ['snakepit sandbox ls', [cli, 'sandbox', 'ls']],
  ['snakepit --help', [cli, '--help']],
  ...(other
    ? ([
        ['other --version', [other, '--version']],
        ['other sandbox ls', [other, 'sandbox', 'ls']],
      ] as Array<[string, string[]]>)
    : []),
];

/** CPU time of this process's waited-for children, in ms (Linux), else undefined. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

function timed(argv: string[]): { ms: number; cpuMs?: number } {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
  const cpuAfter = childrenCpuMs();
  return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (const [, argv] of cases) timed(argv); // warm the file cache
  const samples = cases.map(() => [] as number[]);
  const cpu = cases.map(() => [] as number[]);
  for (let i = 0; i < count; i++) {
    cases.forEach(([, argv], c) => {
      const { ms, cpuMs } = timed(argv);
      samples[c].push(ms);
      if (cpuMs !== undefined) cpu[c].push(cpuMs);
    });
  }
  const floor = median(samples[0]);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cpuFloor = cpu[0].length ? mean(cpu[0]) : undefined;
  console.log(`CLI start, ${count} interleaved runs each, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
  cases.forEach(([name], c) => {
    const ms = median(samples[c]);
    const cpuText = cpuFloor ? `   CPU mean ${mean(cpu[c]).toFixed(0).padStart(4)} ms  ${(mean(cpu[c]) / cpuFloor).toFixed(2)}×` : '';
    console.log(`${name.padEnd(22)} median ${ms.toFixed(0).padStart(5)} ms  ${(ms / floor).toFixed(2)}× node -e 0${cpuText}`);
  });
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
