import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readJsonFile, writeFileAtomic } from '../../../src/core/state/atomicFile';
import { AuditLog } from '../../../src/core/state/auditLog';
import { withFileLock } from '../../../src/core/state/fileLock';
import { SandboxStore } from '../../../src/core/state/sandboxStore';
import type { SandboxRecord } from '../../../src/core/sandbox/engine';

function record(name: string): SandboxRecord {
  return {
    name,
    engine: 'bubblewrap',
    image: 'python3',
    purpose: 'user',
    network: 'none',
    limits: {},
    mounts: [],
    createdAt: new Date().toISOString(),
    owner: { pid: process.pid, startedAt: 1, hostname: os.hostname() },
    handle: `/tmp/${name}`,
    workDir: '/work',
    snapshots: [],
  };
}

describe('persisted state', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-state-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes atomically: no temp file is left and the content is complete', () => {
    const file = path.join(dir, 'a', 'state.json');
    writeFileAtomic(file, '{"x":1}');
    writeFileAtomic(file, '{"x":2}');
    assert.equal(fs.readFileSync(file, 'utf8'), '{"x":2}');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['state.json']);
  });

  it('keeps a torn state file as a backup and reports it instead of dropping it', () => {
    const store = new SandboxStore(dir);
    store.save([record('one')]);
    const text = fs.readFileSync(store.file, 'utf8');
    fs.writeFileSync(store.file, text.slice(0, text.length / 2));
    const loaded = store.load();
    assert.deepEqual(loaded.records, []);
    assert.ok(loaded.corrupt);
    assert.equal(fs.readFileSync(loaded.corrupt.backup, 'utf8'), text.slice(0, text.length / 2));
    assert.equal(fs.existsSync(store.file), false);
  });

  it('rejects a well-formed file of the wrong shape as corrupt', () => {
    fs.writeFileSync(path.join(dir, 'sandboxes.json'), '{"version": 1, "sandboxes": [{"name": 3}]}');
    assert.ok(new SandboxStore(dir).load().corrupt);
    assert.deepEqual(readJsonFile(path.join(dir, 'missing.json'), (_value): _value is unknown => true), { status: 'missing' });
  });

  it('round-trips records', () => {
    const store = new SandboxStore(dir);
    store.save([record('b'), record('a')]);
    assert.deepEqual(store.load().records.map((r) => r.name), ['a', 'b']);
  });

  it('appends one JSON line per operation, with failures and durations', async () => {
    const audit = new AuditLog(path.join(dir, 'audit.jsonl'));
    await audit.record('cli', 'box', 'create', { image: 'x' }, async () => 1);
    await assert.rejects(audit.record('cli', 'box', 'exec', { argv: ['false'] }, async () => Promise.reject(new Error('boom'))));
    await audit.record('cli', 'other', 'create', {}, async () => 1);
    fs.appendFileSync(audit.file, '{"torn": ');
    const entries = audit.read({ sandbox: 'box' });
    assert.deepEqual(entries.map((e) => [e.operation, e.result, e.error]), [['create', 'ok', undefined], ['exec', 'error', 'boom']]);
    assert.ok(entries.every((e) => typeof e.durationMs === 'number' && e.actor === 'cli' && !Number.isNaN(Date.parse(e.time))));
    assert.equal(audit.read({ limit: 1 })[0].sandbox, 'other');
  });

  it('serialises concurrent changes with a lock file', async () => {
    const file = path.join(dir, 'counter.json');
    fs.writeFileSync(file, '0');
    const bump = () =>
      withFileLock(file, async () => {
        const value = Number(fs.readFileSync(file, 'utf8'));
        await new Promise((r) => setTimeout(r, 5));
        fs.writeFileSync(file, String(value + 1));
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    assert.equal(fs.readFileSync(file, 'utf8'), '10');
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });

  it('takes over a lock whose holder died', async () => {
    const file = path.join(dir, 'x.json');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(`${file}.lock`, `${dead.stdout} ${Date.now()}`);
    assert.equal(await withFileLock(file, async () => 'done', 2000), 'done');
  });
});
