import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findLocalIndex, localIndexPipArgs } from '../../../src/core/debug/localIndex';
import { inspectEnvironment, needsAttention } from '../../../src/core/environments/environmentState';
import { environmentAt } from '../../../src/core/environments/resolveEnvironment';
import { ArtifactCache, type CachedArtifact } from '../../../src/core/packages/cache/artifactCache';
import { RULESET_VERSION, VerdictHistory } from '../../../src/core/packages/gate/history';
import type { Verdict } from '../../../src/core/packages/reasons';
import { host, run } from './helpers';

/**
 * Verdicts are written into a real VerdictHistory for wheels in a real ArtifactCache (the gate's own
 * stores) without running the gate's sandbox: what is under test is matching installed files to them.
 */
describe('environment verification state (real wheels from the local index, real installs)', function () {
  this.timeout(300_000);
  let work: string;
  let venv: string;
  let history: VerdictHistory;
  let cache: ArtifactCache;
  const wheels: Record<string, CachedArtifact> = {};

  function judge(artifact: CachedArtifact, name: string, version: string, verdict: Verdict): void {
    const validatedAt = new Date().toISOString();
    const pkg = { name, version, requested: `${name}==${version}`, verdict, score: verdict === 'pass' ? 100 : 40, cached: false, artifacts: [{ filename: artifact.filename, sha256: artifact.sha256, size: artifact.size }], reasons: [], behavior: [], timings: { ingestMs: 0, testMs: 0, totalMs: 0 } };
    history.record({ name, version, verdict, score: pkg.score, sha256s: [artifact.sha256], rulesetVersion: RULESET_VERSION, validatedAt, engine: 'test', package: pkg });
  }

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-env-verify-'));
    venv = path.join(work, '.venv');
    run([host, '-m', 'venv', venv]);
    const downloads = path.join(work, 'downloads');
    run([host, '-m', 'pip', 'download', '-q', '--no-deps', '--only-binary', ':all:', '-d', downloads, ...localIndexPipArgs(findLocalIndex()), 'six', 'idna', 'certifi']);
    history = new VerdictHistory(path.join(work, 'state', 'history.jsonl'));
    cache = new ArtifactCache(path.join(work, 'cache'));
    for (const file of fs.readdirSync(downloads)) wheels[file.split('-')[0]] = await cache.add(path.join(downloads, file));
    run([path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '-q', '--no-index', '--no-deps', ...Object.values(wheels).map((w) => w.path)]);
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const versionOf = (artifact: CachedArtifact) => artifact.filename.split('-')[1];
  const inspect = (project?: string) => inspectEnvironment(environmentAt(venv), { history, cache }, project);

  it('is unverified before the gate judged anything', async () => {
    const state = await inspect();
    for (const name of ['six', 'idna', 'certifi']) assert.equal(state.distributions.find((d) => d.name === name)?.verification.state, 'unverified', name);
  });

  it('is verified / warned / failed by the verdict of the wheel whose files are installed', async () => {
    judge(wheels.six, 'six', versionOf(wheels.six), 'pass');
    judge(wheels.certifi, 'certifi', versionOf(wheels.certifi), 'warn');
    judge(wheels.idna, 'idna', versionOf(wheels.idna), 'fail');
    const state = await inspect();
    const six = state.distributions.find((d) => d.name === 'six')!.verification;
    assert.equal(six.state, 'verified');
    assert.equal(six.verdict?.artifact.sha256, wheels.six.sha256);
    assert.equal(state.distributions.find((d) => d.name === 'certifi')?.verification.state, 'warned');
    assert.equal(state.distributions.find((d) => d.name === 'idna')?.verification.state, 'failed');
    assert.equal(state.counts.failed, 1);
    assert.ok(needsAttention(state));
  });

  it('a verdict for another version, or for a wheel whose files are not the installed ones, verifies nothing', async () => {
    const other = new VerdictHistory(path.join(work, 'other', 'history.jsonl'));
    const saved = history;
    history = other;
    try {
      judge(wheels.six, 'six', '0.0.1', 'pass');
      judge(wheels.idna, 'certifi', versionOf(wheels.certifi), 'pass');
      const state = await inspect();
      const six = state.distributions.find((d) => d.name === 'six')!.verification;
      assert.equal(six.state, 'unverified');
      assert.match(six.note ?? '', /other versions/);
      const certifi = state.distributions.find((d) => d.name === 'certifi')!.verification;
      assert.equal(certifi.state, 'unverified');
      assert.match(certifi.note ?? '', /not the files of idna-/);
    } finally {
      history = saved;
    }
  });

  it('is modified when an installed file no longer matches RECORD', async () => {
    const sitePackages = (await inspect()).sitePackages[0];
    const file = fs.readdirSync(sitePackages).find((f) => f === 'six.py')!;
    const original = fs.readFileSync(path.join(sitePackages, file));
    fs.appendFileSync(path.join(sitePackages, file), '\nimport os  # injected\n');
    try {
      const six = (await inspect()).distributions.find((d) => d.name === 'six')!.verification;
      assert.equal(six.state, 'modified');
      assert.deepEqual(six.modifiedFiles, ['six.py']);
    } finally {
      fs.writeFileSync(path.join(sitePackages, file), original);
    }
  });

  it('needs no attention when everything declared is verified and nothing failed', async () => {
    run([path.join(venv, 'bin', 'python'), '-m', 'pip', 'uninstall', '-q', '-y', 'idna', 'certifi']);
    const project = path.join(work, 'project');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'requirements.txt'), 'six>=1.0\n');
    const state = await inspect(project);
    assert.deepEqual(state.drift?.items, []);
    assert.equal(needsAttention(state), false);
    fs.writeFileSync(path.join(project, 'requirements.txt'), 'six<1.0\n');
    const drifting = await inspect(project);
    assert.deepEqual(drifting.drift?.items.map((i) => i.kind), ['version-mismatch']);
  });
});
