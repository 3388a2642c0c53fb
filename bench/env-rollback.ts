// Environment rollback and save on a ~30-distribution venv (real pip installs from the local index),
// warm store (the states were recorded once before timing). Median of RUNS runs of
//   rollback · core: EnvironmentHistory.rollback to the previous entry (one package more or less), verified
//   rollback · CLI:  `snakepit env rollback -y` wall time (node start, interpreter probe, fingerprint included)
//   save     · CLI:  `snakepit env save -o FILE` wall time (fingerprint, verification state, lock + sidecar)
// Usage: node esbuild.js && npx tsx bench/env-rollback.ts [RUNS=5]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findLocalIndex, localIndexPipArgs } from '../src/core/debug/localIndex';
import { EnvironmentHistory } from '../src/core/environments/history/environmentHistory';
import { probeTarget } from '../src/core/packages/target/resolveTarget';

const runs = Number(process.argv[2] ?? 5);
const cli = path.resolve(__dirname, '..', 'dist', 'cli.js');
const PACKAGES = ['requests', 'flask', 'pytest', 'rich', 'httpx', 'attrs', 'pyyaml', 'python-dateutil', 'pydantic', 'tomli'];

function run(argv: string[], env?: NodeJS.ProcessEnv): void {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-env-'));
  try {
    const venv = path.join(work, '.venv');
    const env = { ...process.env, XDG_STATE_HOME: path.join(work, 'state'), XDG_CACHE_HOME: path.join(work, 'cache') };
    run(['python3', '-m', 'venv', venv]);
    const pip = [path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '-q', ...localIndexPipArgs(findLocalIndex())];
    run([...pip, ...PACKAGES]);
    const history = new EnvironmentHistory(path.join(work, 'state', 'snakepit', 'environments'), await probeTarget(path.join(venv, 'bin', 'python'), false));
    const base = (await history.sync())!;
    run([...pip, 'tabulate']);
    const extra = await history.sync();
    if (!base || !extra) throw new Error('the two states did not differ: pick a package the venv does not have yet');
    const distributions = extra.after.length;
    const core: number[] = [];
    for (let i = 0; i < runs; i++) {
      for (const target of [base.id, extra.id]) {
        const started = performance.now();
        await history.rollback(target);
        core.push(performance.now() - started);
      }
    }
    const viaCli: number[] = [];
    const save: number[] = [];
    for (let i = 0; i < runs; i++) {
      for (const target of [base.id, extra.id]) {
        const started = performance.now();
        run([process.execPath, cli, 'env', 'rollback', venv, String(target), '-y'], env);
        viaCli.push(performance.now() - started);
      }
      const started = performance.now();
      run([process.execPath, cli, 'env', 'save', venv, '-o', path.join(work, 'env.lock')], env);
      save.push(performance.now() - started);
    }
    const files = extra.files;
    console.log(`venv: ${distributions} distributions, ${files} files, ${(extra.bytes / 1e6).toFixed(1)} MB; ${runs} runs each (rollbacks alternate between the two states)`);
    console.log(`rollback (core, verified)  median ${median(core).toFixed(0)} ms  (min ${Math.min(...core).toFixed(0)}, max ${Math.max(...core).toFixed(0)})`);
    console.log(`rollback (CLI wall time)   median ${median(viaCli).toFixed(0)} ms  (min ${Math.min(...viaCli).toFixed(0)}, max ${Math.max(...viaCli).toFixed(0)})`);
    console.log(`save (CLI wall time)       median ${median(save).toFixed(0)} ms  (min ${Math.min(...save).toFixed(0)}, max ${Math.max(...save).toFixed(0)})`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
