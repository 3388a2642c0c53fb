// Re-validating an exact == pin whose files were already judged: the whole CLI process, no sandbox.
// Usage: node esbuild.js && npx tsx bench/gate-revalidate.ts NAME==VERSION FIND_LINKS_DIR [N]
//   FIND_LINKS_DIR holds the project's files and its dependencies' (pip's --find-links; --no-index is passed).
// One first run validates it for real (sandboxes, in a temp XDG cache/state); then N runs of
// `node dist/cli.js validate NAME==VERSION --no-index --find-links DIR` interleaved with `node -e 0`; medians.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const [spec, dir, countArg] = process.argv.slice(2);
if (!spec || !dir) {
  console.error('usage: npx tsx bench/gate-revalidate.ts NAME==VERSION FIND_LINKS_DIR [N]');
  process.exit(2);
}
const count = Number(countArg ?? 20);
const cli = path.resolve(__dirname, '..', 'dist', 'cli.js');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-revalidate-'));
const env = { ...process.env, XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state') };
const args = [cli, 'validate', spec, '--no-index', '--find-links', path.resolve(dir)];

function timed(argv: string[]): { ms: number; code: number | null; stderr: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, code: run.status, stderr: run.stderr };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const first = timed(args);
  console.log(`first run (all phases, sandboxes): ${(first.ms / 1000).toFixed(2)} s, exit ${first.code}`);
  const check = timed(args);
  if (!/no sandbox/.test(check.stderr)) {
    console.error(`the re-run was not answered without a sandbox:\n${check.stderr}`);
    process.exit(1);
  }
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < count; i++) {
    cliMs.push(timed(args).ms);
    nodeMs.push(timed(['-e', '0']).ms);
  }
  console.log(`re-validate ${spec} (whole CLI process): median ${median(cliMs).toFixed(0)} ms, min ${Math.min(...cliMs).toFixed(0)}, max ${Math.max(...cliMs).toFixed(0)} (n=${count})`);
  console.log(`node -e 0: median ${median(nodeMs).toFixed(0)} ms`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
