import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArtifactCache, HashMismatchError, quarantineOf } from '../../../../src/core/packages/cache/artifactCache';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const repo = path.resolve(__dirname, '../../../..');
const tempLeft = (cache: ArtifactCache) => (fs.existsSync(path.join(cache.root, 'tmp')) ? fs.readdirSync(path.join(cache.root, 'tmp')) : []);

describe('ArtifactCache', () => {
  let dir: string;
  let cache: ArtifactCache;
  let wheel: string;
  const content = 'PK fake wheel bytes\n'.repeat(1000);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-cache-test-'));
    cache = new ArtifactCache(path.join(dir, 'cache'));
    wheel = path.join(dir, 'demo-1.0-py3-none-any.whl');
    fs.writeFileSync(wheel, content);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores a file by its sha256, read-only, and finds it again', async () => {
    const artifact = await cache.add(wheel);
    assert.equal(artifact.sha256, sha(content));
    assert.equal(artifact.filename, 'demo-1.0-py3-none-any.whl');
    assert.equal(artifact.size, content.length);
    assert.equal(artifact.path, path.join(cache.root, 'sha256', artifact.sha256.slice(0, 2), artifact.sha256, artifact.filename));
    assert.equal(fs.readFileSync(artifact.path, 'utf8'), content);
    assert.equal(fs.statSync(artifact.path).mode & 0o222, 0, 'cached files are read-only');
    assert.deepEqual(cache.get(artifact.sha256.toUpperCase()), artifact);
    assert.equal(cache.path(artifact.sha256), artifact.path);
    assert.deepEqual(cache.list(), [artifact]);
    assert.deepEqual(tempLeft(cache), [], 'no temp entry left');
  });

  it('adding a file that is already cached returns the cached entry without writing it again', async () => {
    const first = await cache.add(wheel);
    const inode = fs.statSync(first.path).ino;
    const copy = path.join(dir, 'elsewhere');
    fs.mkdirSync(copy);
    fs.copyFileSync(wheel, path.join(copy, 'renamed-1.0-py3-none-any.whl'));
    const again = await cache.add(path.join(copy, 'renamed-1.0-py3-none-any.whl'));
    assert.deepEqual(again, first, 'same content, same entry (the first name is kept)');
    assert.equal(fs.statSync(first.path).ino, inode);
  });

  it('accepts a file matching any one of the --hash values', async () => {
    const artifact = await cache.add(wheel, ['0'.repeat(64), `sha256:${sha(content)}`]);
    assert.equal(artifact.sha256, sha(content));
  });

  it('refuses a hash mismatch, naming the file, the expected and the actual hash, and caches nothing', async () => {
    const expected = sha('something else');
    await assert.rejects(cache.add(wheel, [expected]), (error: Error) => {
      assert.ok(error instanceof HashMismatchError);
      assert.match(error.message, new RegExp(wheel.replace(/[.]/g, '\\.')));
      assert.ok(error.message.includes(expected), 'names the expected hash');
      assert.ok(error.message.includes(sha(content)), 'names the actual hash');
      return true;
    });
    assert.deepEqual(cache.list(), []);
    assert.equal(cache.get(sha(content)), undefined);
    assert.deepEqual(tempLeft(cache), []);
  });

  it('rejects a malformed --hash value and a non-file', async () => {
    await assert.rejects(cache.add(wheel, ['abc']), /"abc" is not a sha256 digest/);
    await assert.rejects(cache.add(dir), /not a regular file/);
  });

  it('keeps one complete copy when the same file is added twice, concurrently, by two processes', async () => {
    // A larger file and a common start time, so the copies really overlap.
    const big = Buffer.alloc(16 << 20, 7);
    fs.writeFileSync(wheel, big);
    const digest = createHash('sha256').update(big).digest('hex');
    const startAt = Date.now() + 2500;
    const script = `const { ArtifactCache } = require(${JSON.stringify(path.join(repo, 'src/core/packages/cache/artifactCache.ts'))});
      const wait = Number(process.argv[3]) - Date.now();
      setTimeout(() => new ArtifactCache(process.argv[1]).add(process.argv[2]).then((a) => console.log(a.sha256), (e) => { console.error(e); process.exit(1); }), wait);`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, cache.root, wheel, String(startAt)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${code}`))));
      });
    const here = new Promise<void>((resolve) => setTimeout(resolve, startAt - Date.now())).then(() => cache.add(wheel)).then((a) => a.sha256);
    const results = await Promise.all([run(), run(), run(), here]);
    assert.deepEqual(new Set(results), new Set([digest]));
    const entries = fs.readdirSync(path.join(cache.root, 'sha256', digest.slice(0, 2), digest));
    assert.deepEqual(entries.sort(), ['artifact.json', 'demo-1.0-py3-none-any.whl']);
    assert.ok(fs.readFileSync(cache.get(digest)!.path).equals(big));
    assert.deepEqual(tempLeft(cache), []);
  });

  it('quarantines: the artifact stays, carries the mark, and quarantineOf sees it from the artifact alone', async () => {
    const artifact = await cache.add(wheel);
    assert.equal(quarantineOf(artifact), undefined);
    cache.quarantine([artifact.sha256], 'network at import');
    const mark = cache.isQuarantined(artifact.sha256);
    assert.equal(mark?.reason, 'network at import');
    assert.ok(!Number.isNaN(Date.parse(mark!.at)));
    assert.equal(cache.get(artifact.sha256)?.quarantine?.reason, 'network at import');
    assert.ok(fs.existsSync(artifact.path), 'the file stays for the report');
    assert.equal(quarantineOf(artifact)?.reason, 'network at import', 'an artifact object taken before the mark is still refused');
    assert.equal(cache.list()[0].quarantine?.reason, 'network at import');
  });

  it('adding a quarantined file again does not clear the mark', async () => {
    const artifact = await cache.add(wheel);
    cache.quarantine([artifact.sha256], 'fail');
    assert.equal((await cache.add(wheel)).quarantine?.reason, 'fail');
  });

  it('removes an artifact and its mark', async () => {
    const artifact = await cache.add(wheel);
    cache.quarantine([artifact.sha256], 'fail');
    cache.remove(artifact.sha256);
    assert.equal(cache.get(artifact.sha256), undefined);
    assert.equal(cache.isQuarantined(artifact.sha256), undefined);
    assert.equal(fs.existsSync(path.dirname(artifact.path)), false);
    assert.deepEqual(cache.list(), []);
    cache.remove(artifact.sha256);
  });

  it('rejects a digest that is not one', () => {
    assert.throws(() => cache.get('../../etc'), /not a sha256 digest/);
  });
});
