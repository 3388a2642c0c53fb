import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as tar from 'tar-stream';
import * as yauzl from 'yauzl';
import { buildFixturePackages, FIXTURES, hashedRequirements } from '../../../fixtures/packages/build';

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function readTarGz(file: string): Promise<Map<string, Buffer>> {
  const extract = tar.extract();
  const entries = new Map<string, Buffer>();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        entries.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(zlib.gunzipSync(fs.readFileSync(file)));
  await done;
  return entries;
}

describe('fixture package builder', () => {
  let outDir: string;
  before(() => (outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-fixtures-unit-'))));
  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('builds every fixture reproducibly, with the sha256 of the file written', async () => {
    const first = await buildFixturePackages(path.join(outDir, 'a'));
    const second = await buildFixturePackages(path.join(outDir, 'b'));
    assert.deepEqual(Object.keys(first).sort(), Object.keys(FIXTURES).sort());
    for (const [name, artifact] of Object.entries(first)) {
      assert.equal(artifact.sha256, createHash('sha256').update(fs.readFileSync(artifact.path)).digest('hex'), name);
      assert.equal(artifact.sha256, second[name as keyof typeof second].sha256, `${name} is byte-identical when rebuilt`);
      assert.equal(path.dirname(artifact.path), path.join(outDir, 'a'), 'flat find-links layout');
    }
    assert.match(hashedRequirements([first.benign]), /^spfx-benign==1\.0\.0 --hash=sha256:[0-9a-f]{64}\n$/);
  });

  it('writes wheels whose RECORD hashes and sizes match every file, as pip verifies', async () => {
    const { benign, typosquat } = await buildFixturePackages(path.join(outDir, 'w'), ['benign', 'typosquat']);
    assert.equal(benign.filename, 'spfx_benign-1.0.0-py3-none-any.whl');
    const entries = await readZip(benign.path);
    const distInfo = 'spfx_benign-1.0.0.dist-info';
    assert.match(entries.get(`${distInfo}/METADATA`)!.toString(), /^Metadata-Version: 2\.1\nName: spfx-benign\nVersion: 1\.0\.0\n/);
    assert.match(entries.get(`${distInfo}/WHEEL`)!.toString(), /Root-Is-Purelib: true\nTag: py3-none-any/);
    assert.equal(entries.get(`${distInfo}/top_level.txt`)!.toString(), 'spfx_benign\n');
    const record = entries.get(`${distInfo}/RECORD`)!.toString().trim().split('\n');
    assert.deepEqual(record.map((l) => l.split(',')[0]).sort(), [...entries.keys()].sort(), 'RECORD lists every file');
    for (const line of record) {
      const [name, hash, size] = line.split(',');
      if (name.endsWith('RECORD')) {
        assert.equal(`${hash},${size}`, ',');
        continue;
      }
      const data = entries.get(name)!;
      assert.equal(hash, `sha256=${createHash('sha256').update(data).digest('base64url')}`, name);
      assert.equal(Number(size), data.length, name);
    }
    assert.ok((await readZip(typosquat.path)).has('reqeusts/__init__.py'));
  });

  it('writes sdists with PKG-INFO and setup.py under <name>-<version>/', async () => {
    const { 'setup-writes-home': sdist } = await buildFixturePackages(path.join(outDir, 's'), ['setup-writes-home']);
    assert.equal(sdist.kind, 'sdist');
    assert.equal(sdist.filename, 'spfx_setup_home-1.0.0.tar.gz');
    const entries = await readTarGz(sdist.path);
    assert.deepEqual([...entries.keys()].sort(), ['spfx_setup_home-1.0.0/PKG-INFO', 'spfx_setup_home-1.0.0/setup.py', 'spfx_setup_home-1.0.0/spfx_setup_home/__init__.py']);
    assert.match(entries.get('spfx_setup_home-1.0.0/PKG-INFO')!.toString(), /Name: spfx-setup-home\nVersion: 1\.0\.0/);
  });
});
