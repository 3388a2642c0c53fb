// What the safe install costs: capture and restore of a venv with requests installed, and
// installVerified against a plain `pip install --no-index` of the same wheels into a fresh venv.
// Usage: npx tsx bench/target-capture.ts [RUNS]   (default 5; wheels come from pip's configured index)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArtifactCache, type CachedArtifact } from '../src/core/packages/cache/artifactCache';
import { captureTarget, discardCapture, installVerified, resolveTarget, restoreTarget } from '../src/core/packages/target';
import { listDistributions } from '../src/core/packages/target/captureTarget';
import { listTree } from '../src/core/packages/target/treeState';

const python = process.env.SNAKEPIT_BENCH_PYTHON ?? 'python3';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function run(argv: string[]): void {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr}`);
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main() {
  const runs = Number(process.argv[2] ?? 5);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-target-'));
  try {
    const downloads = path.join(work, 'downloads');
    run([python, '-m', 'pip', 'download', '--no-deps', '--retries', '0', '--only-binary', ':all:', '--dest', downloads, 'requests', 'idna', 'certifi', 'urllib3', 'charset-normalizer']);
    const cache = new ArtifactCache(path.join(work, 'cache'));
    const artifacts: CachedArtifact[] = [];
    for (const file of fs.readdirSync(downloads)) artifacts.push(await cache.add(path.join(downloads, file)));

    const samples = { plain: [] as number[], verified: [] as number[], verifiedCapture: [] as number[], verifiedPip: [] as number[], capture: [] as number[], freeze: [] as number[], list: [] as number[], restoreClean: [] as number[], restoreAfterChange: [] as number[] };
    let files = 0;
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const plain = path.join(work, `plain-${i}`);
      const safe = path.join(work, `safe-${i}`);
      run([python, '-m', 'venv', plain]);
      run([python, '-m', 'venv', safe]);
      samples.plain.push(await timed(() => run([path.join(plain, 'bin', 'python'), '-m', 'pip', 'install', '--no-index', '--no-deps', '--disable-pip-version-check', '-q', ...artifacts.map((a) => a.path)])));
      const target = await resolveTarget({ python: path.join(safe, 'bin', 'python') });
      const result = await installVerified(target, artifacts);
      samples.verified.push(result.timings.totalMs);
      samples.verifiedCapture.push(result.timings.captureMs);
      samples.verifiedPip.push(result.timings.pipMs);
      samples.freeze.push(await timed(() => listDistributions(target)));
      samples.list.push(await timed(() => listTree(target.prefix)));
      const capture = await captureTarget(target);
      samples.capture.push(capture.durationMs);
      files = capture.files;
      bytes = capture.bytes;
      samples.restoreClean.push(await timed(() => restoreTarget(capture)));
      const site = target.sitePackages[0];
      fs.rmSync(path.join(site, 'urllib3'), { recursive: true });
      fs.appendFileSync(path.join(site, 'requests', 'api.py'), '# changed\n');
      samples.restoreAfterChange.push(await timed(() => restoreTarget(capture)));
      discardCapture(capture);
      fs.rmSync(plain, { recursive: true });
      fs.rmSync(safe, { recursive: true });
    }
    console.log(`venv with requests + 4 dependencies: ${files} files, ${(bytes / 1e6).toFixed(1)} MB; median of ${runs} (node ${process.version}, ${os.cpus().length} CPUs)`);
    console.log(`plain pip install --no-index of the 5 wheels: ${median(samples.plain).toFixed(0)} ms`);
    console.log(`installVerified: ${median(samples.verified).toFixed(0)} ms (checks + capture of the empty venv ${median(samples.verifiedCapture).toFixed(0)} ms, pip --require-hashes ${median(samples.verifiedPip).toFixed(0)} ms)`);
    console.log(`captureTarget: ${median(samples.capture).toFixed(0)} ms (distribution listing alone ${median(samples.freeze).toFixed(0)} ms, stat listing alone ${median(samples.list).toFixed(0)} ms)`);
    console.log(`restoreTarget + verify, nothing changed: ${median(samples.restoreClean).toFixed(0)} ms`);
    console.log(`restoreTarget + verify, a package dir deleted and a file edited: ${median(samples.restoreAfterChange).toFixed(0)} ms`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
