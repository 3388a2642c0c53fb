import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildWheelEntries, buildZip, TempDir, wheelFileName } from '../../unit/packages/inspect/builders';
import { localWheel } from '../../unit/packages/inspect/localWheels';

const repo = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');

function snakepit(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'inspect', ...args], { encoding: 'utf8', cwd: repo });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const REASON_KEYS = ['code', 'evidence', 'file', 'line', 'message', 'severity'];
const PACKAGE_KEYS = ['name', 'path', 'reasons', 'score', 'verdict', 'version'];

describe('snakepit inspect (bundled CLI)', () => {
  let tmp: TempDir;
  let benign: string;
  let hostile: string;

  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `node esbuild.js` first');
    tmp = new TempDir();
    const good = { name: 'goodpkg', version: '1.2.0', files: { 'goodpkg/__init__.py': 'def add(a, b):\n    return a + b\n' } };
    benign = tmp.write(wheelFileName(good), buildZip(buildWheelEntries(good)));
    const bad = { name: 'badpkg', version: '0.1', files: { 'badpkg/__init__.py': `import base64\nexec(base64.b64decode('${Buffer.from("print('pwned')").toString('base64')}'))\n` } };
    hostile = tmp.write(wheelFileName(bad), buildZip([...buildWheelEntries(bad), { name: '../../escape.py', data: 'x = 1\n' }]));
  });
  after(() => tmp.remove());

  it('JSON for a passing wheel: exact shape, exit 0', () => {
    const { code, stdout, stderr } = snakepit('--format', 'json', benign);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report).sort(), ['packages', 'version']);
    assert.equal(report.version, 1);
    assert.equal(report.packages.length, 1);
    const [pkg] = report.packages;
    assert.deepEqual(Object.keys(pkg).sort(), PACKAGE_KEYS);
    assert.deepEqual([pkg.path, pkg.name, pkg.version, pkg.verdict, pkg.score], [benign, 'goodpkg', '1.2.0', 'pass', 100]);
  });

  it('JSON for a hostile wheel next to a benign one: reasons with every key, exit 1, nothing extracted', () => {
    const before = tmp.listing();
    const { code, stdout } = snakepit('--format', 'json', benign, hostile);
    assert.equal(code, 1);
    assert.deepEqual(tmp.listing(), before);
    assert.ok(!fs.existsSync(path.join(tmp.dir, '..', '..', 'escape.py')));
    const report = JSON.parse(stdout);
    assert.deepEqual(report.packages.map((p: { verdict: string }) => p.verdict), ['pass', 'fail']);
    const reasons = report.packages[1].reasons;
    for (const reason of reasons) assert.deepEqual(Object.keys(reason).sort(), REASON_KEYS);
    const codes = reasons.map((r: { code: string }) => r.code);
    assert.ok(codes.includes('SPK110'), codes.join());
    assert.ok(codes.includes('SPK050'));
    const exec = reasons.find((r: { code: string }) => r.code === 'SPK110');
    assert.deepEqual([exec.severity, exec.file, exec.line], ['high', 'badpkg/__init__.py', 2]);
    assert.ok(report.packages[1].score < 40);
  });

  it('text output names verdicts and reasons', () => {
    const { code, stdout } = snakepit(hostile);
    assert.equal(code, 1);
    assert.match(stdout, /^FAIL {2}badpkg 0\.1/m);
    assert.match(stdout, /SPK110 high +badpkg\/__init__\.py:2/);
    assert.match(stdout, /1 package\(s\): 0 pass, 0 warn, 1 fail/);
  });

  it('exit 2 with a message saying what the path should be: missing argument, missing file, not an archive', () => {
    const none = snakepit();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give at least one path.*wheel \(\.whl\)/);
    const missing = snakepit(path.join(tmp.dir, 'nope.whl'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.whl: no such file or directory\. Give a wheel/);
    const text = tmp.write('readme.txt', 'hello');
    const wrong = snakepit(text);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /readme\.txt: unknown file type\. Give a wheel \(\.whl\), an sdist/);
    assert.equal(wrong.stdout, '');
  });

  it('a limit given on the command line applies', () => {
    const { code, stdout } = snakepit('--format', 'json', '--max-entries', '2', benign);
    const report = JSON.parse(stdout);
    assert.ok(report.packages[0].reasons.some((r: { code: string }) => r.code === 'SPK056'));
    assert.equal(code, 1);
  });

  it('a real wheel from the local index (requests) passes', function () {
    const wheel = localWheel('requests');
    if (!wheel) return this.skip(); // pip's configuration names no local index with requests
    const { code, stdout } = snakepit('--format', 'json', wheel);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).packages[0].name, 'requests');
  });
});
