import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDistribution } from '../../../../src/core/packages/inspect/archive/readDistribution';
import { inspectPath, NotAnArchiveError } from '../../../../src/core/packages/inspect/inspectPath';
import { buildTarGz, buildWheelEntries, buildZip, sdistEntries, TempDir, wheelFileName, type ZipEntrySpec } from './builders';

const codes = (reasons: ReadonlyArray<{ code: string }>) => reasons.map((r) => r.code);

describe('inspect: hostile archives are read safely, never extracted', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = new TempDir()));
  afterEach(() => tmp.remove());

  const benign = { name: 'benign', version: '1.0.0', files: { 'benign/__init__.py': 'VALUE = 1\n' }, topLevel: ['benign'] };

  function wheelWith(extra: ZipEntrySpec[], spec = benign): string {
    return tmp.write(wheelFileName(spec), buildZip([...buildWheelEntries(spec), ...extra]));
  }

  it('reads a benign wheel: metadata, modules, no archive reasons', async () => {
    const result = await inspectPath(wheelWith([]));
    assert.equal(result.name, 'benign');
    assert.equal(result.version, '1.0.0');
    assert.deepEqual(result.topLevelModules, ['benign']);
    assert.equal(result.verdict, 'pass');
    assert.equal(result.score, 100);
    assert.equal(result.pythonFiles, 1);
  });

  it('flags path traversal, absolute paths, drive letters and backslashes, and writes nothing', async () => {
    const sentinel = `snakepit-escape-${process.pid}-${Date.now()}.py`;
    const file = wheelWith([
      { name: `../../${sentinel}`, data: 'import os\n' },
      { name: `/tmp/${sentinel}`, data: 'x = 1\n' },
      { name: `C:/Windows/${sentinel}`, data: 'x = 1\n' },
      { name: `benign\\..\\..\\${sentinel}`, data: 'x = 1\n' },
    ]);
    const before = tmp.listing();
    const result = await inspectPath(file);
    assert.deepEqual(tmp.listing(), before, 'nothing was extracted next to the archive');
    assert.ok(!fs.existsSync(path.join(tmp.dir, '..', '..', sentinel)));
    assert.ok(!fs.existsSync(path.join('/tmp', sentinel)));
    const found = codes(result.reasons);
    assert.ok(found.includes('SPK050'), found.join());
    assert.equal(found.filter((c) => c === 'SPK051').length, 2, 'absolute path and drive letter');
    assert.ok(found.includes('SPK052'));
    assert.equal(result.verdict, 'fail');
    const traversal = result.reasons.find((r) => r.code === 'SPK050')!;
    assert.match(traversal.message, /do not install/i);
    assert.equal(traversal.file, `../../${sentinel}`);
  });

  it('flags a symlink in a zip (unix mode bits) without following it', async () => {
    const result = await inspectPath(wheelWith([{ name: 'benign/link', data: '/etc/passwd', unixMode: 0o120777, method: 'store' }]));
    const link = result.reasons.find((r) => r.code === 'SPK053');
    assert.ok(link, codes(result.reasons).join());
    assert.equal(link.file, 'benign/link');
  });

  it('skips a zip-bomb entry (ratio over the limit) without decompressing it', async () => {
    const zeros = Buffer.alloc(24 * 1024 * 1024);
    const file = wheelWith([{ name: 'benign/data.txt', data: zeros }]);
    const contents = await readDistribution(file);
    assert.ok(!contents.files.some((f) => f.path === 'benign/data.txt'), 'the bomb was not read');
    const bomb = contents.reasons.find((r) => r.code === 'SPK058');
    assert.ok(bomb, codes(contents.reasons).join());
    assert.match(bomb.message, /bomb/);
    assert.equal(bomb.file, 'benign/data.txt');
    const result = await inspectPath(file);
    assert.equal(result.verdict, 'fail');
  });

  it('honours an overridden ratio limit: the same entry passes with a looser one', async () => {
    const file = wheelWith([{ name: 'benign/data.bin', data: Buffer.alloc(2 * 1024 * 1024) }]);
    const strict = await readDistribution(file, { limits: { ratioFloorBytes: 1024 * 1024, maxCompressionRatio: 100 } });
    assert.ok(codes(strict.reasons).includes('SPK058'));
    const loose = await readDistribution(file);
    assert.ok(!codes(loose.reasons).includes('SPK058'));
  });

  it('stops at a huge declared size before reading anything that large', async () => {
    const file = wheelWith([
      { name: 'benign/a.bin', data: 'tiny', declaredSize: 0xf0000000 },
      { name: 'benign/b.bin', data: 'tiny', declaredSize: 0xf0000000 },
    ]);
    const byDefault = await readDistribution(file);
    assert.ok(byDefault.truncated);
    assert.ok(byDefault.reasons.some((r) => r.code === 'SPK058' || r.code === 'SPK057'), 'the whole-archive ratio stops it first');
    assert.ok(!byDefault.files.some((f) => f.path.endsWith('.bin')));
    const contents = await readDistribution(file, { limits: { maxCompressionRatio: 1e12 } });
    assert.ok(contents.truncated);
    const tooLarge = contents.reasons.find((r) => r.code === 'SPK057');
    assert.ok(tooLarge, codes(contents.reasons).join());
    assert.equal(tooLarge.file, 'benign/b.bin');
  });

  it('skips a Python file over the per-file limit with a low reason', async () => {
    const big = `x = 1\n${'# padding\n'.repeat(200)}`;
    const file = wheelWith([{ name: 'benign/big.py', data: big }]);
    const contents = await readDistribution(file, { limits: { maxFileBytes: 1000 } });
    const skipped = contents.reasons.find((r) => r.code === 'SPK059');
    assert.ok(skipped);
    assert.equal(skipped.severity, 'low');
    assert.equal(contents.files.find((f) => f.path === 'benign/big.py')?.data, undefined);
  });

  it('stops after too many entries', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ name: `benign/m${i}.txt`, data: `${i}` }));
    const contents = await readDistribution(wheelWith(many), { limits: { maxEntries: 50 } });
    assert.ok(contents.truncated);
    assert.ok(codes(contents.reasons).includes('SPK056'));
    assert.equal(contents.files.length, 50);
  });

  it('flags duplicate entry names', async () => {
    const result = await inspectPath(wheelWith([{ name: 'benign/__init__.py', data: 'import os; os.system("id")\n' }]));
    assert.ok(codes(result.reasons).includes('SPK061'));
  });

  it('tar.gz: flags symlinks (outside: high), hard links, devices and traversal; extracts nothing', async () => {
    const tgz = await buildTarGz([
      ...sdistEntries('tarry', '1.0', { 'tarry.py': 'X = 1\n' }),
      { name: 'tarry-1.0/inside', type: 'symlink', linkname: 'tarry.py' },
      { name: 'tarry-1.0/escape', type: 'symlink', linkname: '../../../../etc/passwd' },
      { name: 'tarry-1.0/hard', type: 'link', linkname: 'tarry-1.0/tarry.py' },
      { name: 'tarry-1.0/dev', type: 'character-device' },
      { name: 'tarry-1.0/../../evil.py', data: 'x = 1\n' },
    ]);
    const file = tmp.write('tarry-1.0.tar.gz', tgz);
    const before = tmp.listing();
    const result = await inspectPath(file);
    assert.deepEqual(tmp.listing(), before);
    const links = result.reasons.filter((r) => r.code === 'SPK053');
    assert.deepEqual(links.map((r) => [r.file, r.severity]).sort(), [['tarry-1.0/escape', 'high'], ['tarry-1.0/inside', 'medium']]);
    assert.ok(codes(result.reasons).includes('SPK054'));
    assert.ok(codes(result.reasons).includes('SPK055'));
    assert.ok(codes(result.reasons).includes('SPK050'));
    assert.equal(result.name, 'tarry');
    assert.deepEqual(result.topLevelModules, ['tarry']);
    assert.equal(result.verdict, 'fail');
  });

  it('tar.gz: a gzip bomb stops at the inflation limit', async () => {
    const tgz = await buildTarGz([...sdistEntries('bomb', '1.0', {}), { name: 'bomb-1.0/zeros.txt', data: Buffer.alloc(8 * 1024 * 1024) }]);
    const file = tmp.write('bomb-1.0.tar.gz', tgz);
    const contents = await readDistribution(file, { limits: { maxTotalBytes: 2 * 1024 * 1024 } });
    assert.ok(contents.truncated);
    assert.ok(codes(contents.reasons).includes('SPK057'), codes(contents.reasons).join());
  });

  it('refuses what is not a distribution with a usage error naming the path and what it should be', async () => {
    const text = tmp.write('notes.whl', 'just text');
    await assert.rejects(inspectPath(text), (error: Error) => error instanceof NotAnArchiveError && error.message.includes(text) && /wheel \(\.whl\)/.test(error.message));
    await assert.rejects(inspectPath(path.join(tmp.dir, 'missing.whl')), /no such file/);
    const gz = tmp.write('x.tar.gz', Buffer.from('not gzip at all'));
    await assert.rejects(inspectPath(gz), NotAnArchiveError);
    const other = tmp.write('x.rar', 'r');
    await assert.rejects(inspectPath(other), /unknown file type/);
  });
});
