// False positives on real, popular code: the 25 most-downloaded PyPI projects the local index serves, each
// validated through the gate on its own (with every dependency pip resolves for it), docker engine, network none,
// no verdict history (noCache). Goal: 0 fail, at most 2 warn.
// The ranking is PyPI's downloads over 30 days (hugovk/top-pypi-packages, 2024); projects the index does not
// serve are skipped, in order, until 25 are found.
// Usage: npx tsx bench/top-projects.ts [COUNT=25] [ENGINE=docker]   (image: $SNAKEPIT_TEST_IMAGE or the default)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validatePackages } from '../src/core/packages/gate/validatePackages';
import type { ValidationReport } from '../src/core/packages/gate/report';
import { readPipConfig } from '../src/core/packages/ingest/pipConfig';
import type { EngineKind } from '../src/core/sandbox/engine';

const RANKING = [
  'boto3', 'botocore', 'urllib3', 'requests', 'setuptools', 'certifi', 'idna', 'charset-normalizer', 'typing-extensions',
  'python-dateutil', 'packaging', 's3transfer', 'aiobotocore', 'six', 'pyyaml', 's3fs', 'numpy', 'fsspec', 'pip',
  'cryptography', 'grpcio-status', 'pydantic', 'cffi', 'attrs', 'google-api-core', 'pycparser', 'pandas',
  'importlib-metadata', 'jmespath', 'protobuf', 'wheel', 'rsa', 'click', 'pyasn1', 'zipp', 'markupsafe', 'platformdirs',
  'pytz', 'jinja2', 'awscli', 'colorama', 'pydantic-core', 'tomli', 'filelock', 'virtualenv', 'cachetools', 'wrapt',
];
const count = Number(process.argv[2] ?? 25);
const engine = (process.argv[3] ?? 'docker') as EngineKind;

/** Projects a file:// simple index lists (its directory names). */
function served(indexUrls: string[]): Set<string> {
  const names = new Set<string>();
  for (const url of indexUrls.filter((u) => u.startsWith('file:'))) {
    const dir = new URL(url).pathname;
    if (fs.existsSync(dir)) for (const name of fs.readdirSync(dir)) names.add(name.toLowerCase());
  }
  return names;
}

async function main() {
  const pip = await readPipConfig();
  const indexes = [pip.indexUrl, ...pip.extraIndexUrls].filter((u): u is string => !!u);
  const indexUrl = indexes.find((u) => u.startsWith('file:'));
  if (!indexUrl) throw new Error('pip has no local file:// index configured; the benchmark must not use the internet');
  const available = served(indexes);
  const projects = RANKING.filter((p) => available.has(p)).slice(0, count);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-bench-top-'));
  const dirs = { cacheDir: path.join(root, 'cache'), stateDir: path.join(root, 'state') };
  const image = engine === 'docker' ? process.env.SNAKEPIT_TEST_IMAGE : undefined;
  console.log(`${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${engine}${image ? ` (${image})` : ''}; ${projects.length} projects: ${projects.join(', ')}`);
  const rows: { project: string; report?: ValidationReport; error?: string; ms: number }[] = [];
  try {
    for (const project of projects) {
      const started = performance.now();
      try {
        const report = await validatePackages({ specs: [project], requirementFiles: [], indexUrl, extraIndexUrls: indexes.filter((u) => u !== indexUrl), engine, image, install: false, pinHashes: false, noCache: true }, {}, dirs);
        rows.push({ project, report, ms: performance.now() - started });
      } catch (error) {
        rows.push({ project, error: (error as Error).message, ms: performance.now() - started });
      }
      const last = rows.at(-1)!;
      const flagged = last.report?.packages.filter((p) => p.verdict !== 'pass').map((p) => `${p.name} ${p.verdict} [${p.reasons.map((r) => r.code).join(',')}] ${p.reasons.map((r) => r.message).join(' | ').slice(0, 400)}`) ?? [];
      console.log(`${project.padEnd(20)} ${(last.report?.verdict ?? 'error').padEnd(5)} ${String(last.report?.packages.length ?? 0).padStart(3)} package(s) ${(last.ms / 1000).toFixed(0).padStart(4)} s  trace ${last.report?.syscallTrace ?? '-'}${last.error ? `  ${last.error.slice(0, 300)}` : ''}`);
      for (const line of flagged) console.log(`    ${line}`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const verdicts = rows.map((r) => r.report?.verdict ?? 'error');
  const packages = new Map<string, string>();
  for (const r of rows) for (const p of r.report?.packages ?? []) packages.set(`${p.name}==${p.version}`, p.verdict);
  const tally = (list: string[]) => ['pass', 'warn', 'fail', 'error'].map((v) => `${list.filter((x) => x === v).length} ${v}`).join(', ');
  console.log(`\nprojects: ${tally(verdicts)}`);
  console.log(`distinct packages (projects and dependencies, ${packages.size}): ${tally([...packages.values()])}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
