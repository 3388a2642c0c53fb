import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlobStore } from '../../../src/core/environments/history/blobStore';
import { manifestDifferences, takeManifest, fingerprint, fingerprintOf } from '../../../src/core/environments/history/manifest';
import { applyManifest, planRestore } from '../../../src/core/environments/history/restoreManifest';

describe('environments: manifests and exact restore (real files)', () => {
  let work: string;
  let root: string;
  let blobs: BlobStore;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-manifest-'));
    root = path.join(work, 'env');
    blobs = new BlobStore(path.join(work, 'blobs'));
    fs.mkdirSync(path.join(root, 'pkg', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'pkg', 'a.py'), 'a = 1\n');
    fs.writeFileSync(path.join(root, 'pkg', 'sub', 'b.py'), 'b = 2\n');
    fs.writeFileSync(path.join(root, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    fs.symlinkSync('tool', path.join(root, 'link'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it('restores content, modes, links and removes what is new; unchanged files keep their inode', () => {
    const saved = takeManifest([root], blobs);
    const untouchedInode = fs.statSync(path.join(root, 'pkg', 'sub', 'b.py')).ino;
    fs.writeFileSync(path.join(root, 'pkg', 'a.py'), 'a = "evil"\n');
    fs.chmodSync(path.join(root, 'tool'), 0o777);
    fs.rmSync(path.join(root, 'link'));
    fs.symlinkSync('pkg', path.join(root, 'link'));
    fs.mkdirSync(path.join(root, 'new', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'new', 'deep', 'x'), 'x');
    const current = takeManifest([root], blobs, saved);
    assert.ok(manifestDifferences(saved, current).length >= 4);
    applyManifest(saved, current, blobs);
    assert.deepEqual(manifestDifferences(saved, takeManifest([root], blobs)), []);
    assert.equal(fs.readFileSync(path.join(root, 'pkg', 'a.py'), 'utf8'), 'a = 1\n');
    assert.equal(fs.statSync(path.join(root, 'tool')).mode & 0o777, 0o755);
    assert.equal(fs.readlinkSync(path.join(root, 'link')), 'tool');
    assert.equal(fs.existsSync(path.join(root, 'new')), false);
    assert.equal(fs.statSync(path.join(root, 'pkg', 'sub', 'b.py')).ino, untouchedInode);
  });

  it('recreates a deleted tree from the store, and refuses when a file is missing from the store', () => {
    const saved = takeManifest([root], blobs);
    fs.rmSync(root, { recursive: true });
    applyManifest(saved, takeManifest([root], blobs), blobs);
    assert.deepEqual(manifestDifferences(saved, takeManifest([root], blobs)), []);
    fs.rmSync(root, { recursive: true });
    const digest = saved.trees[0]['pkg/a.py'].sha256!;
    fs.chmodSync(path.dirname(blobs.path(digest)), 0o755);
    fs.rmSync(blobs.path(digest), { force: true });
    const plan = planRestore(saved, takeManifest([root], blobs), blobs);
    assert.deepEqual(plan.missingBlobs, [path.join(root, 'pkg', 'a.py')]);
    assert.throws(() => applyManifest(saved, takeManifest([root], blobs), blobs), /missing from the history's store/);
    assert.equal(fs.existsSync(root), false, 'nothing was written');
  });

  it('fingerprints ignore bytecode caches but see a new file', () => {
    const print = fingerprint([root]);
    assert.equal(fingerprintOf(takeManifest([root], blobs)), print, 'a manifest fingerprints as its tree does');
    fs.mkdirSync(path.join(root, 'pkg', '__pycache__'));
    fs.writeFileSync(path.join(root, 'pkg', '__pycache__', 'a.cpython-311.pyc'), 'x');
    assert.equal(fingerprint([root]), print);
    fs.writeFileSync(path.join(root, 'pkg', 'c.py'), '');
    assert.notEqual(fingerprint([root]), print);
  });
});
