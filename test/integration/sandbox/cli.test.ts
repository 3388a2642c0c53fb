import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');

describe('snakepit sandbox (bundled CLI, bubblewrap engine)', function () {
  this.timeout(120_000);
  let state: string;
  const snakepit = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: state } });

  before(function () {
    if (spawnSync('bwrap', ['--ro-bind', '/', '/', '--unshare-all', 'true']).status !== 0) this.skip(); // bwrap unusable here
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-cli-state-'));
  });
  after(() => {
    snakepit('sandbox', 'rm', 'clibox');
    fs.rmSync(state, { recursive: true, force: true });
  });

  it('creates a sandbox and says which engine and why', () => {
    const result = snakepit('sandbox', 'create', 'clibox', '--engine', 'bubblewrap', '--memory', '512m', '--pids', '128');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'clibox');
    assert.match(result.stderr, /^engine: bubblewrap/m);
  });

  it('lists sandboxes as the documented JSON', () => {
    const list = JSON.parse(snakepit('sandbox', 'ls', '--format', 'json').stdout);
    assert.deepEqual(Object.keys(list[0]).sort(), ['createdAt', 'engine', 'image', 'name', 'snapshots', 'state']);
    assert.equal(list[0].name, 'clibox');
    assert.equal(list[0].engine, 'bubblewrap');
  });

  it('passes the exit code of exec through, and streams output', () => {
    const result = snakepit('sandbox', 'exec', 'clibox', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3');
    assert.equal(result.status, 3);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
  });

  it('refuses a dangerous command without --force, naming the reason', () => {
    const result = snakepit('sandbox', 'exec', 'clibox', '--', 'rm', '-rf', '/');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /recursively deletes.*--force/);
  });

  it('kills a command at --timeout', () => {
    const started = Date.now();
    const result = snakepit('sandbox', 'exec', 'clibox', '--timeout', '1', '--', 'sleep', '30');
    assert.notEqual(result.status, 0);
    assert.ok(Date.now() - started < 15_000);
    assert.match(result.stderr, /killed after 1 s/);
  });

  it('copies files in and out, snapshots and rolls back', () => {
    const host = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-cli-files-'));
    fs.writeFileSync(path.join(host, 'in.txt'), 'from the host\n');
    assert.equal(snakepit('sandbox', 'cp', path.join(host, 'in.txt'), 'clibox:/work/in.txt').status, 0);
    assert.equal(snakepit('sandbox', 'snapshot', 'clibox', '--label', 'with-file').status, 0);
    assert.equal(snakepit('sandbox', 'exec', 'clibox', '--', 'sh', '-c', 'rm in.txt; echo new > new.txt').status, 0);
    const snapshots = JSON.parse(snakepit('sandbox', 'snapshots', 'clibox', '--format', 'json').stdout);
    assert.deepEqual(snapshots.map((s: { label: string }) => s.label), ['with-file']);
    assert.equal(snakepit('sandbox', 'rollback', 'clibox').status, 0);
    assert.equal(snakepit('sandbox', 'cp', 'clibox:/work/in.txt', path.join(host, 'out.txt')).status, 0);
    assert.equal(fs.readFileSync(path.join(host, 'out.txt'), 'utf8'), 'from the host\n');
    assert.equal(snakepit('sandbox', 'exec', 'clibox', '--', 'test', '-e', 'new.txt').status, 1);
    fs.rmSync(host, { recursive: true, force: true });
  });

  it('reports stats as JSON', () => {
    const stats = JSON.parse(snakepit('sandbox', 'stats', 'clibox', '--format', 'json').stdout);
    for (const key of ['cpuPercent', 'memoryBytes', 'pids', 'blockReadBytes', 'blockWriteBytes', 'networkRxBytes', 'networkTxBytes']) assert.equal(typeof stats[key], 'number', key);
  });

  it('explains an unknown sandbox with exit 2', () => {
    const result = snakepit('sandbox', 'exec', 'ghost', '--', 'true');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no sandbox named "ghost"/);
  });

  it('removes it and everything it made', () => {
    const before = JSON.parse(snakepit('sandbox', 'ls', '--format', 'json').stdout);
    assert.equal(snakepit('sandbox', 'rm', 'clibox').status, 0);
    assert.deepEqual(JSON.parse(snakepit('sandbox', 'ls', '--format', 'json').stdout), []);
    assert.equal(fs.existsSync(path.join(state, 'snakepit', 'sandboxes', before[0].name)), false);
  });
});
