import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const image = `snakepit-test/python:image-${process.pid}`;

const snakepit = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const imageExists = (name: string) => spawnSync('docker', ['image', 'inspect', name], { stdio: 'ignore' }).status === 0;

describe('snakepit image ensure (real dockerd, no registry reachable)', function () {
  this.timeout(300_000);

  before(function () {
    if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) this.skip(); // no Docker engine here
    if (spawnSync('mmdebstrap', ['--version'], { stdio: 'ignore' }).status !== 0) this.skip(); // apt-get install mmdebstrap
  });
  after(() => spawnSync('docker', ['image', 'rm', '-f', image], { stdio: 'ignore' }));

  it('says how to build the image when it cannot be pulled, and exits 2', () => {
    const result = snakepit('image', 'ensure', '--image', image);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /cannot pull/);
    assert.match(result.stderr, /--build-local/);
    assert.match(result.stderr, /mmdebstrap --variant=apt --include=python3,python3-venv,python3-pip,python3-debugpy,strace bookworm - \| docker import/);
    assert.equal(imageExists(image), false);
  });

  it('builds a Python image from Debian packages with --build-local, then finds it present', () => {
    const built = snakepit('image', 'ensure', '--image', image, '--build-local');
    assert.equal(built.status, 0, built.stderr);
    assert.equal(built.stdout.trim(), `${image}: built`);
    const python = spawnSync('docker', ['run', '--rm', '--network', 'none', image, 'python3', '-c', 'import venv, sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    assert.equal(python.stdout.trim(), '3', python.stderr);
    const again = snakepit('image', 'ensure', '--image', image);
    assert.equal(again.stdout.trim(), `${image}: present`);
  });
});
