// Cost of the install shims. Usage: node esbuild.js && npx tsx bench/intercept.ts NAME==VERSION FIND_LINKS_DIR [N]
//   1. `pip --version` through the shim vs the real pip (a fresh venv's), N runs interleaved, medians:
//      the shim's overhead on a command that is not an install (no node starts: the sh shim execs pip).
//   2. A verified-cache install vs plain pip: `pip install NAME==VERSION --no-index --find-links DIR` into a fresh
//      venv each time, through the shim (after one first gated run put the verdict in the history) vs the real pip; medians, ratio.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const [spec, dir, countArg] = process.argv.slice(2);
if (!spec || !dir) {
  console.error('usage: npx tsx bench/intercept.ts NAME==VERSION FIND_LINKS_DIR [N]');
  process.exit(2);
}
const count = Number(countArg ?? 10);
const cli = path.resolve(__dirname, '..', 'dist', 'cli.js');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-intercept-'));
const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(root, 'cache'), XDG_STATE_HOME: path.join(root, 'state'), SNAKEPIT_QUIET: '1', SNAKEPIT_ENGINE: process.env.SNAKEPIT_ENGINE ?? 'bubblewrap' };
delete env.VIRTUAL_ENV;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(command: string): { ms: number; code: number | null; stderr: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync('bash', ['-c', command], { env, encoding: 'utf8' });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, code: run.status, stderr: run.stderr };
}

function venv(name: string): string {
  const at = path.join(root, name);
  fs.rmSync(at, { recursive: true, force: true });
  const made = spawnSync('python3', ['-m', 'venv', at]);
  if (made.status !== 0) throw new Error(`python3 -m venv failed: ${made.stderr}`);
  return at;
}

try {
  const shims = spawnSync(process.execPath, [cli, 'shell-init', 'bash'], { env, encoding: 'utf8' }).stdout;
  const init = shims.split('\n').filter((l) => l.startsWith('export') || l.startsWith('PATH=')).join('; ');
  const base = venv('base');
  const shimmed: number[] = [];
  const real: number[] = [];
  for (let i = 0; i < count; i++) {
    real.push(timed(`PATH=${base}/bin:$PATH; pip --version >/dev/null`).ms);
    shimmed.push(timed(`${init}; PATH=${env.XDG_STATE_HOME}/snakepit/shims:${base}/bin:$PATH; pip --version >/dev/null`).ms);
  }
  console.log(`pip --version: real ${median(real).toFixed(0)} ms, through the shim ${median(shimmed).toFixed(0)} ms, overhead ${(median(shimmed) - median(real)).toFixed(0)} ms (medians of ${count})`);

  const install = `install ${spec} --no-index --find-links ${path.resolve(dir)}`;
  const shimPath = `${env.XDG_STATE_HOME}/snakepit/shims`;
  const first = timed(`PATH=${shimPath}:${venv('first')}/bin:$PATH; pip ${install}`);
  console.log(`first gated install (all phases): ${(first.ms / 1000).toFixed(1)} s, exit ${first.code}`);
  if (first.code !== 0) throw new Error(first.stderr);
  const gated: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < Math.min(count, 5); i++) {
    const a = venv(`plain-${i}`);
    plain.push(timed(`PATH=${a}/bin:$PATH; pip ${install} >/dev/null`).ms);
    const b = venv(`gated-${i}`);
    const run = timed(`PATH=${shimPath}:${b}/bin:$PATH; pip ${install}`);
    if (run.code !== 0 || !/verified/.test(run.stderr)) throw new Error(`gated install failed: ${run.stderr}`);
    gated.push(run.ms);
  }
  console.log(`install ${spec}: plain pip ${median(plain).toFixed(0)} ms, verified-cache through the shim ${median(gated).toFixed(0)} ms, ratio ${(median(gated) / median(plain)).toFixed(2)}×`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
