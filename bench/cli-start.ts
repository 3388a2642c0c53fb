// CLI fixed cost: whole processes, interleaved in one run so the machine's load weighs on all alike.
// `node -e 0` (the floor), `snakepit --version`, `snakepit sandbox ls` (empty state) and `snakepit --help`
// (every subcommand loaded). Prints median wall time and each one's ratio to the floor.
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

function timed(argv: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (const [, argv] of cases) timed(argv); // warm the file cache
  const samples = cases.map(() => [] as number[]);
  for (let i = 0; i < count; i++) cases.forEach(([, argv], c) => samples[c].push(timed(argv)));
  const floor = median(samples[0]);
  console.log(`CLI start, ${count} interleaved runs each, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
  cases.forEach(([name], c) => {
    const ms = median(samples[c]);
    console.log(`${name.padEnd(22)} median ${ms.toFixed(0).padStart(5)} ms  ${(ms / floor).toFixed(2)}× node -e 0`);
  });
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
