// Package gate against the unsafe baseline, side by side in one run (interleaved, so load changes hit all alike):
//   baseline: `python -m venv V && V/bin/python -m pip install PKGS` from the same index (pip's own cache warm)
//   gate:     validatePackages({ specs: PKGS, noCache: true }) on bubblewrap and on docker — every phase runs
//             (download, sdist build, install in a fresh sandbox, imports under the audit hook, inspection,
//             pip check, verdict, destroy); artifact cache, venv template and docker image warm.
//   re-validation: a requirements file pinned with --hash, validated again (verdicts from the history),
//             in-process and as a whole CLI process (`node dist/cli.js validate -r …`, when dist/ is built).
// Scenarios: (a) one small pure-Python wheel (idna), (b) requests with its dependencies.
// Usage: npx tsx bench/gate.ts [RUNS=5]     (needs pip configured with a local file:// index; docker image: $SNAKEPIT_TEST_IMAGE or the default)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validatePackages } from '../src/core/packages/gate/validatePackages';
import type { ValidateRequest } from '../src/core/packages/gate/request';
import { readPipConfig } from '../src/core/packages/ingest/pipConfig';
import { resolveInterpreter } from '../src/core/sandbox/hostDir/interpreter';
import type { EngineKind } from '../src/core/sandbox/engine';

const runs = Number(process.argv[2] ?? 5);
const SCENARIOS: { label: string; specs: string[] }[] = [
  { label: 'idna (one small wheel)', specs: ['idna'] },
  { label: 'requests + 4 dependencies', specs: ['requests'] },
];
const ENGINES: EngineKind[] = ['bubblewrap', 'docker'];
/** The docker engine's image: $SNAKEPIT_TEST_IMAGE, else the gate's default. */
const dockerImage = process.env.SNAKEPIT_TEST_IMAGE;

const median = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const row = (label: string, samples: number[], baseline?: number) =>
  `${label.padEnd(44)} median ${median(samples).toFixed(0).padStart(7)} ms  min ${Math.min(...samples).toFixed(0).padStart(6)}  max ${Math.max(...samples).toFixed(0).padStart(6)}${baseline ? `   ${(median(samples) / baseline).toFixed(2)}× baseline` : ''}`;

async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main() {
  const pip = await readPipConfig();
  const indexUrl = [pip.indexUrl, ...pip.extraIndexUrls].find((u) => u?.startsWith('file:'));
  if (!indexUrl) throw new Error('pip has no local file:// index configured; the benchmark must not use the internet');
  const python = (await resolveInterpreter()).executable;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-gate-'));
  const dirs = { cacheDir: path.join(root, 'cache'), stateDir: path.join(root, 'state') };
  const request = (specs: string[], engine: EngineKind, extra: Partial<ValidateRequest> = {}): ValidateRequest => ({
    specs, requirementFiles: [], indexUrl, engine, install: false, pinHashes: false, noCache: true, ...(engine === 'docker' && dockerImage ? { image: dockerImage } : {}), ...extra,
  });
  console.log(`${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${runs} runs, index ${indexUrl}, python ${python}`);
  try {
    for (const scenario of SCENARIOS) {
      // Warm-up: venv template, docker image in page cache, artifact cache, pip's cache.
      for (const engine of ENGINES) await validatePackages(request(scenario.specs, engine), {}, dirs);
      const samples: Record<string, number[]> = { baseline: [], bubblewrap: [], docker: [] };
      for (let i = 0; i < runs; i++) {
        const venv = path.join(root, `baseline-${i}`);
        samples.baseline.push(await time(() => {
          execFileSync(python, ['-m', 'venv', venv]);
          const result = spawnSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '-q', '--retries', '0', '--index-url', indexUrl, ...scenario.specs], { encoding: 'utf8' });
          if (result.status !== 0) throw new Error(`baseline pip install failed: ${result.stderr}`);
        }));
        fs.rmSync(venv, { recursive: true, force: true });
        for (const engine of ENGINES) {
          let verdict = '';
          samples[engine].push(await time(async () => (verdict = (await validatePackages(request(scenario.specs, engine), {}, dirs)).verdict)));
          if (i === 0) console.log(`  (${engine}: verdict ${verdict})`);
        }
      }
      const base = median(samples.baseline);
      console.log(`\n${scenario.label}`);
      console.log(row('  baseline venv + pip install (unsafe)', samples.baseline));
      for (const engine of ENGINES) console.log(row(`  gate, ${engine}`, samples[engine], base));
    }

    const file = path.join(root, 'requirements.txt');
    fs.writeFileSync(file, 'idna\n');
    await validatePackages(request([], 'bubblewrap', { requirementFiles: [file], pinHashes: true, noCache: false }), {}, dirs);
    const again = request([], 'bubblewrap', { requirementFiles: [file], noCache: false });
    const inProcess: number[] = [];
    for (let i = 0; i < Math.max(runs, 10); i++) {
      inProcess.push(await time(async () => {
        const report = await validatePackages(again, {}, dirs);
        if (!report.packages.every((p) => p.cached)) throw new Error('re-validation did not come from the history');
      }));
    }
    console.log('\nre-validation of identical artifacts (pinned with --hash, verdicts from the history)');
    console.log(row('  validatePackages() in-process', inProcess));
    const cli = path.join(__dirname, '..', 'dist', 'cli.js');
    if (fs.existsSync(cli)) {
      const env = { ...process.env, XDG_CACHE_HOME: dirs.cacheDir, XDG_STATE_HOME: dirs.stateDir };
      // The CLI keeps its own dirs below XDG_*/snakepit: seed them once.
      spawnSync(process.execPath, [cli, 'validate', '-r', file, '--engine', 'bubblewrap', '--index-url', indexUrl], { env });
      const whole: number[] = [];
      for (let i = 0; i < Math.max(runs, 10); i++) {
        whole.push(await time(() => {
          const result = spawnSync(process.execPath, [cli, 'validate', '-r', file, '--engine', 'bubblewrap', '--format', 'json'], { env, encoding: 'utf8' });
          if (result.status !== 0 || !result.stdout.includes('"cached": true')) throw new Error(`CLI re-validation failed: ${result.stderr}`);
        }));
      }
      console.log(row('  node dist/cli.js validate -r (whole process)', whole));
    } else console.log('  (dist/cli.js not built: `node esbuild.js` to time the whole CLI process)');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
