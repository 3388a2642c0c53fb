import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArtifactCache, type CachedArtifact } from '../../../src/core/packages/cache/artifactCache';
import { captureTarget, discardCapture, InstallError, installVerified, resolveTarget, restoreTarget, type TargetEnvironment } from '../../../src/core/packages/target';
import { treeListing } from '../sandbox/helpers';

const host = process.env.SNAKEPIT_TEST_PYTHON ?? 'python3';
const OUR_TEMP = /^snakepit-(capture|install)-/;
const ourTempDirs = () => fs.readdirSync(os.tmpdir()).filter((name) => OUR_TEMP.test(name)).sort();

function run(argv: string[], cwd?: string): string {
  const result = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, `${argv.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const freeze = (venv: string) => run([path.join(venv, 'bin', 'python'), '-B', '-m', 'pip', 'freeze', '--all']);

/** A minimal wheel, built by zipping files (no build backend runs): `files` maps paths in the wheel to contents. */
function buildWheel(dir: string, name: string, version: string, files: Record<string, string>): string {
  const script = `
import base64, hashlib, json, sys, zipfile
dest, name, version, files = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
info = f"{name}-{version}.dist-info"
files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n"
files[f"{info}/WHEEL"] = "Wheel-Version: 1.0\\nGenerator: snakepit-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
record = []
for path, text in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
    record.append(f"{path},sha256={digest},{len(text.encode())}")
record.append(f"{info}/RECORD,,")
files[f"{info}/RECORD"] = "\\n".join(record) + "\\n"
with zipfile.ZipFile(f"{dest}/{name}-{version}-py3-none-any.whl", "w") as wheel:
    for path, text in files.items():
        wheel.writestr(path, text)
`;
  run([host, '-c', script, dir, name, version, JSON.stringify(files)]);
  return path.join(dir, `${name}-${version}-py3-none-any.whl`);
}

describe('installing verified artifacts into a target venv', function () {
  this.timeout(180_000);
  let work: string;
  let cache: ArtifactCache;
  let requestsArtifacts: CachedArtifact[];
  let fixtures: Record<string, CachedArtifact>;
  let tempBefore: string[];

  async function freshVenv(name: string): Promise<{ venv: string; target: TargetEnvironment }> {
    const venv = path.join(work, name);
    run([host, '-m', 'venv', venv]);
    return { venv, target: await resolveTarget({ python: path.join(venv, 'bin', 'python') }) };
  }

  before(async () => {
    tempBefore = ourTempDirs();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-target-test-'));
    cache = new ArtifactCache(path.join(work, 'cache'));
    // Real wheels from pip's configured index (a local file index on the test machines; --retries 0 so an unreachable default index is skipped at once).
    const downloads = path.join(work, 'downloads');
    run([host, '-m', 'pip', 'download', '--no-deps', '--retries', '0', '--only-binary', ':all:', '--dest', downloads, 'requests', 'idna', 'certifi', 'urllib3', 'charset-normalizer']);
    requestsArtifacts = [];
    for (const file of fs.readdirSync(downloads).sort()) requestsArtifacts.push(await cache.add(path.join(downloads, file)));
    const built = path.join(work, 'built');
    fs.mkdirSync(built);
    fixtures = {};
    for (const [key, wheel] of Object.entries({
      old: buildWheel(built, 'zzfixture', '1.0', { 'zzfixture/__init__.py': 'VERSION = 1\n' }),
      new: buildWheel(built, 'zzfixture', '2.0', { 'zzfixture/__init__.py': 'VERSION = 2\n', 'zzfixture/extra.py': 'X = 1\n' }),
      fileAtName: buildWheel(built, 'zzaaa', '1.0', { zzcollide: 'a plain file where the other wheel needs a package directory\n' }),
      dirAtName: buildWheel(built, 'zzbbb', '1.0', { 'zzcollide/__init__.py': '\n' }),
    })) {
      fixtures[key] = await cache.add(wheel);
    }
  });

  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
    assert.deepEqual(ourTempDirs(), tempBefore, 'no capture or install temp dir is left behind');
  });

  it('installs requests and its dependencies exactly from the cached files', async () => {
    const { venv, target } = await freshVenv('ok');
    assert.equal(target.isVirtualEnv, true);
    assert.equal(target.prefix, venv);
    const lines: string[] = [];
    const result = await installVerified(target, requestsArtifacts, { onOutput: (line) => lines.push(line) });
    assert.deepEqual(result.installed.map((a) => a.name).sort(), ['certifi', 'charset_normalizer', 'idna', 'requests', 'urllib3']);
    const frozen = freeze(venv);
    for (const artifact of result.installed) assert.match(frozen, new RegExp(`^${artifact.name.replace('_', '[-_]')}==${artifact.version.replace(/\./g, '\\.')}$`, 'im'));
    assert.doesNotMatch(result.freezeBefore, /requests/);
    assert.ok(lines.some((line) => /Successfully installed/.test(line)), 'pip output is streamed');
    assert.equal(run([path.join(venv, 'bin', 'python'), '-c', 'import requests; print(requests.__version__)']).trim(), result.installed.find((a) => a.name === 'requests')!.version);
    // The installed files are the cached ones, not anything from pip's configured indexes.
    const record = fs.readFileSync(path.join(target.sitePackages[0], `requests-${result.installed.find((a) => a.name === 'requests')!.version}.dist-info`, 'INSTALLER'), 'utf8');
    assert.equal(record.trim(), 'pip');
    assert.equal(fs.existsSync(path.join(target.sitePackages[0], 'requests-' + result.installed.find((a) => a.name === 'requests')!.version + '.dist-info', 'direct_url.json')), false, 'pip freeze shows name==version, not a cache path');
    console.log(`      capture ${result.timings.captureMs} ms, pip ${result.timings.pipMs} ms, total ${result.timings.totalMs} ms`);
  });

  it('a file whose hash is not the verified one is refused by pip and the venv is left byte-identical', async () => {
    const { venv, target } = await freshVenv('badhash');
    await installVerified(target, [fixtures.old]);
    const before = treeListing(venv);
    const frozen = freeze(venv);
    const idna = requestsArtifacts.find((a) => a.filename.startsWith('idna-'))!;
    const lying: CachedArtifact = { ...idna, sha256: requestsArtifacts.find((a) => a.filename.startsWith('certifi-'))!.sha256 };
    await assert.rejects(installVerified(target, [lying]), (error: Error) => {
      assert.ok(error instanceof InstallError, error.message);
      assert.match(error.message, /pip failed \(exit 1\)/);
      assert.match(error.message, /restored exactly/);
      return true;
    });
    assert.deepEqual(treeListing(venv), before);
    assert.equal(freeze(venv), frozen);
  });

  it('a failure halfway through (an upgrade done, then a file/package clash) is rolled back completely', async () => {
    const { venv, target } = await freshVenv('clash');
    await installVerified(target, [fixtures.old]);
    const before = treeListing(venv);
    const frozen = freeze(venv);
    const output: string[] = [];
    await assert.rejects(installVerified(target, [fixtures.new, fixtures.fileAtName, fixtures.dirAtName], { onOutput: (line) => output.push(line) }), (error: Error) => {
      assert.ok(error instanceof InstallError, error.message);
      assert.match(error.message, /pip failed/);
      assert.ok(error.restored.changed > 0, 'pip had really changed the venv before failing');
      return true;
    });
    assert.ok(output.some((line) => /Installing collected packages/.test(line)), output.join('\n'));
    assert.deepEqual(treeListing(venv), before);
    assert.equal(freeze(venv), frozen);
    assert.match(frozen, /^zzfixture==1\.0$/m);
  });

  it('a cancel during the install stops pip and restores the venv', async () => {
    const { venv, target } = await freshVenv('cancel');
    const before = treeListing(venv);
    const frozen = freeze(venv);
    const controller = new AbortController();
    await assert.rejects(
      installVerified(target, requestsArtifacts, { signal: controller.signal, onOutput: (line) => /Installing collected packages/.test(line) && controller.abort() }),
      (error: Error) => {
        assert.ok(error instanceof InstallError, error.message);
        assert.match(error.message, /the install was cancelled/);
        assert.equal(error.pip?.cancelled, true, 'pip itself was stopped');
        return true;
      },
    );
    assert.deepEqual(treeListing(venv), before);
    assert.equal(freeze(venv), frozen);
  });

  it('a timeout stops pip and restores the venv', async () => {
    const { venv, target } = await freshVenv('timeout');
    await installVerified(target, [fixtures.old]);
    const before = treeListing(venv);
    await assert.rejects(installVerified(target, [fixtures.new], { timeoutMs: 200 }), (error: Error) => {
      assert.ok(error instanceof InstallError, error.message);
      assert.match(error.message, /pip timed out/);
      return true;
    });
    assert.deepEqual(treeListing(venv), before);
  });

  it('capture and restore put back a venv that was changed by hand, to the nanosecond', async () => {
    const { venv, target } = await freshVenv('manual');
    await installVerified(target, requestsArtifacts);
    const before = treeListing(venv);
    const capture = await captureTarget(target);
    try {
      const site = target.sitePackages[0];
      fs.rmSync(path.join(site, 'idna'), { recursive: true });
      fs.appendFileSync(path.join(site, 'requests', 'api.py'), '# changed\n');
      fs.chmodSync(path.join(site, 'certifi', 'core.py'), 0o600);
      fs.writeFileSync(path.join(venv, 'bin', 'new-tool'), '#!/bin/sh\n');
      fs.mkdirSync(path.join(venv, 'share', 'x', 'y'), { recursive: true });
      fs.rmSync(path.join(venv, 'bin', 'python'));
      fs.writeFileSync(path.join(venv, 'bin', 'python'), 'not a link any more');
      const restored = await restoreTarget(capture);
      assert.ok(restored.changed >= 6);
      assert.deepEqual(treeListing(venv), before);
      console.log(`      ${capture.files} files, ${(capture.bytes / 1e6).toFixed(1)} MB: capture ${capture.durationMs} ms, restore+verify ${restored.durationMs} ms`);
    } finally {
      discardCapture(capture);
    }
  });

  it('refuses source distributions, quarantined files and empty installs before touching anything', async () => {
    const { venv, target } = await freshVenv('refuse');
    const before = treeListing(venv);
    const sdist: CachedArtifact = { ...fixtures.old, filename: 'zzfixture-1.0.tar.gz' };
    await assert.rejects(installVerified(target, [sdist]), /zzfixture-1\.0\.tar\.gz is not a wheel: only wheels are installed/);
    await assert.rejects(installVerified(target, []), /nothing to install/);
    const quarantineCache = new ArtifactCache(path.join(work, 'qcache'));
    const bad = await quarantineCache.add(fixtures.fileAtName.path);
    quarantineCache.quarantine([bad.sha256], 'network at import');
    await assert.rejects(installVerified(target, [bad]), /is quarantined since .*network at import; it will not be installed/);
    await assert.rejects(installVerified(target, [fixtures.old, fixtures.new]), /two files for zzfixture/);
    assert.deepEqual(treeListing(venv), before);
  });
});

describe('resolveTarget', function () {
  this.timeout(60_000);
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-resolve-test-'));
    run([host, '-m', 'venv', '--without-pip', path.join(work, 'ws', '.venv')]);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('finds the workspace .venv when nothing else is given, and accepts a venv directory as --python', async () => {
    const found = await resolveTarget({ workspaceFolder: path.join(work, 'ws') });
    assert.equal(found.prefix, path.join(work, 'ws', '.venv'));
    assert.equal(found.isVirtualEnv, true);
    assert.equal(found.hasPip, false);
    assert.match(found.version, /^3\.\d+\.\d+$/);
    assert.deepEqual(found.sitePackages, [path.join(found.prefix, 'lib', `python${found.version.split('.').slice(0, 2).join('.')}`, 'site-packages')]);
    assert.equal((await resolveTarget({ python: path.join(work, 'ws', '.venv') })).prefix, found.prefix);
    await assert.rejects(installVerified(found, [{ sha256: '0'.repeat(64), filename: 'x-1-py3-none-any.whl', size: 0, path: '/nonexistent', addedAt: '' }]), /has no pip; add it with/);
  });

  it('prefers --python over the setting over the workspace, and does not fall back past a broken choice', async () => {
    await assert.rejects(resolveTarget({ python: path.join(work, 'missing', 'python'), workspaceFolder: path.join(work, 'ws') }), /--python .*missing\/python does not exist/);
    await assert.rejects(resolveTarget({ configured: path.join(work, 'nope'), workspaceFolder: path.join(work, 'ws') }), /setting snakepit\.python\.interpreter .*nope.* does not exist/);
  });

  it('says what it tried and what to do when there is no target', async () => {
    await assert.rejects(resolveTarget({ workspaceFolder: path.join(work, 'empty') }), (error: Error) => {
      assert.match(error.message, /no --python; no setting snakepit\.python\.interpreter; no .*empty\/\.venv\/bin\/python/);
      assert.match(error.message, /python3 -m venv \.venv/);
      return true;
    });
  });

  it('refuses an interpreter that is not a virtual environment unless allowed, saying why', async () => {
    const system = run([host, '-c', 'import sys; print(sys.executable)']).trim();
    await assert.rejects(resolveTarget({ python: system }), /is not a virtual environment.*PEP 668/);
    const allowed = await resolveTarget({ python: system, allowSystem: true });
    assert.equal(allowed.isVirtualEnv, false);
  });

  it('reports a file that is not an interpreter', async () => {
    const script = path.join(work, 'fake-python');
    fs.writeFileSync(script, '#!/bin/sh\necho boom >&2\nexit 3\n', { mode: 0o755 });
    await assert.rejects(resolveTarget({ python: script }), /fake-python did not run as a Python interpreter \(exit 3\): boom/);
  });
});
