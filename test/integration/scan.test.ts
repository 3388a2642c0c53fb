import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');

function scan(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'scan', '--no-cache', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('snakepit scan (bundled CLI)', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-scan-'));
    fs.writeFileSync(path.join(dir, 'app.py'), 'import subprocess as sp\n\n\ndef run(cmd):\n    sp.call(cmd, shell=True)\n');
    fs.writeFileSync(path.join(dir, 'clean.py'), 'def add(a, b):\n    return a + b\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints findings as path:line:col and exits 1', () => {
    const { code, stdout } = scan(dir, '.');
    assert.equal(code, 1);
    assert.match(stdout, /^app\.py:5:\d+: B602 \[high\/high\]/m);
    assert.match(stdout, /Scanned 2 files/);
  });

  it('exits 0 when nothing is at or above the thresholds', () => {
    assert.equal(scan(dir, 'clean.py').code, 0);
    assert.equal(scan(dir, '.', '--severity', 'high', '--ignore', 'B602').code, 0);
  });

  it('writes the JSON contract', () => {
    const { code, stdout } = scan(dir, '.', '--format', 'json');
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report.summary).sort(), ['bySeverity', 'files', 'findings', 'seconds']);
    const app = report.files.find((f: { path: string }) => f.path.endsWith('app.py'));
    assert.equal(app.error, null);
    const b602 = app.findings.find((f: { ruleId: string }) => f.ruleId === 'B602');
    assert.deepEqual(Object.keys(b602).sort(), ['column', 'confidence', 'cwe', 'endColumn', 'endLine', 'line', 'message', 'name', 'ruleId', 'severity']);
    assert.equal(b602.name, 'subprocess_popen_with_shell_equals_true');
    assert.equal(b602.cwe, 78);
    assert.equal(b602.line, 5);
    for (const key of ['blank', 'blocks', 'comments', 'halstead', 'lloc', 'loc', 'mi', 'miRank', 'multi', 'sloc']) assert.ok(key in app.metrics, key);
    assert.deepEqual(app.metrics.blocks.map((b: { qualifiedName: string; kind: string }) => [b.qualifiedName, b.kind]), [['run', 'function']]);
    assert.equal(report.summary.findings, report.files.reduce((n: number, f: { findings: unknown[] }) => n + f.findings.length, 0));
  });

  it('leaves metrics out with --no-metrics', () => {
    const report = JSON.parse(scan(dir, '.', '--format', 'json', '--no-metrics').stdout);
    assert.ok(report.files.every((f: { metrics?: unknown }) => f.metrics === undefined));
  });

  it('writes SARIF 2.1.0 that validates against the OASIS schema', () => {
    const { stdout } = scan(dir, '.', '--format', 'sarif');
    const sarif: { runs: Array<{ results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>; tool: { driver: { rules: Array<{ id: string; properties: { tags: string[] } }> } } }> } = JSON.parse(stdout);
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);
    const valid = validate(structuredClone(sarif));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const result = sarif.runs[0].results.find((r) => r.ruleId === 'B602')!;
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'app.py');
    assert.equal(result.level, 'error');
    const rule = sarif.runs[0].tool.driver.rules[result.ruleIndex];
    assert.equal(rule.id, 'B602');
    assert.ok(rule.properties.tags.includes('external/cwe/cwe-78'));
  });

  it('reports unreadable, binary, non-UTF-8 and oversized files per file and keeps going', () => {
    fs.writeFileSync(path.join(dir, 'binary.py'), Buffer.from([0x70, 0x00, 0x01]));
    fs.writeFileSync(path.join(dir, 'latin1.py'), Buffer.from('s = "caf\xe9"\n', 'latin1'));
    fs.writeFileSync(path.join(dir, 'huge.py'), Buffer.alloc(6 * 1024 * 1024, 0x20));
    spawnSync('mkfifo', [path.join(dir, 'pipe.py')]);
    const report = JSON.parse(scan(dir, '.', 'pipe.py', '--format', 'json').stdout);
    const errorOf = (name: string) => report.files.find((f: { path: string }) => path.basename(f.path) === name)?.error as string;
    assert.match(errorOf('binary.py'), /binary/);
    assert.match(errorOf('latin1.py'), /UTF-8/);
    assert.match(errorOf('huge.py'), /limit/);
    assert.match(errorOf('pipe.py'), /not a regular file/);
    assert.ok(report.files.some((f: { path: string; findings: unknown[] }) => f.path.endsWith('app.py') && f.findings.length > 0));
  });

  it('exits 2 naming a path that does not exist', () => {
    const { code, stderr } = scan(dir, 'nope.py');
    assert.equal(code, 2);
    assert.match(stderr, /nope\.py: no such file or directory/);
  });

  it('exits 2 for an unknown format', () => {
    const { code, stderr } = scan(dir, '.', '--format', 'xml');
    assert.equal(code, 2);
    assert.match(stderr, /xml/);
  });

  it('honours # nosec and [tool.snakepit] in pyproject.toml', () => {
    fs.writeFileSync(path.join(dir, 'app.py'), 'import subprocess as sp  # nosec B404\n\n\ndef run(cmd):\n    sp.call(cmd, shell=True)  # nosec B602\n');
    assert.equal(scan(dir, '.').code, 0);
    fs.writeFileSync(path.join(dir, 'other.py'), 'assert True\n');
    assert.equal(scan(dir, '.').code, 1);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.snakepit]\nignore = ["B101"]\n');
    assert.equal(scan(dir, '.').code, 0);
  });

  it('warns about a bad configuration value, naming the file and key, and still scans', () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.snakepit]\nseverity = "critical"\n');
    const { code, stderr } = scan(dir, '.');
    assert.equal(code, 1);
    assert.match(stderr, /pyproject\.toml.*severity/);
  });

  it('scans many files on worker threads with the same results as one by one', () => {
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dir, `m${i}.py`), `import os\nos.system("ls " + str(${i}))\n`);
    const together = JSON.parse(scan(dir, '.', '--format', 'json').stdout);
    for (const file of ['m0.py', 'm19.py']) {
      const alone = JSON.parse(scan(dir, file, '--format', 'json').stdout);
      const inBatch = together.files.find((f: { path: string }) => f.path === alone.files[0].path);
      assert.deepEqual(inBatch.findings, alone.files[0].findings);
    }
  });
});
