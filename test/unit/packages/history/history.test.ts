import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULESET_VERSION, VerdictHistory } from '../../../../src/core/packages/gate/history';
import { digest, sampleEntry } from './sampleEntry';

const repo = path.resolve(__dirname, '../../../..');

describe('VerdictHistory', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-history-test-'));
    file = path.join(dir, 'state', 'verdicts.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts empty when there is no file', () => {
    const history = new VerdictHistory(file);
    assert.deepEqual(history.list(), []);
    assert.equal(history.latestFor('requests'), undefined);
    assert.equal(history.lookup({ sha256s: [digest('x')], rulesetVersion: '1' }), undefined);
  });

  it('finds a verdict by its artifacts in any order, only under the same ruleset version', () => {
    const history = new VerdictHistory(file);
    const entry = sampleEntry('requests', '2.32.3', 'r1');
    history.record(entry);
    const [a, b] = entry.sha256s;
    assert.deepEqual(history.lookup({ sha256s: [b, a], rulesetVersion: '1' }), entry);
    assert.deepEqual(history.lookup({ sha256s: [a.toUpperCase(), b], rulesetVersion: '1' }), entry);
    assert.equal(history.lookup({ sha256s: [a, b], rulesetVersion: '2' }), undefined, 'a new ruleset re-validates');
    assert.equal(history.lookup({ sha256s: [a], rulesetVersion: '1' }), undefined, 'a subset of the artifacts is another key');
    assert.equal(typeof RULESET_VERSION, 'string');
  });

  it('keeps the newest verdict for the same key and survives a reload from disk', () => {
    const history = new VerdictHistory(file);
    const first = sampleEntry('attrs', '23.1.0', 's', { verdict: 'pass', validatedAt: '2026-01-01T00:00:00.000Z' });
    const second = sampleEntry('attrs', '23.1.0', 's', { verdict: 'fail', score: 10, validatedAt: '2026-01-02T00:00:00.000Z' });
    history.record(first);
    history.record(second);
    const reloaded = new VerdictHistory(file);
    assert.equal(reloaded.lookup({ sha256s: second.sha256s, rulesetVersion: '1' })?.verdict, 'fail');
    assert.equal(reloaded.list().length, 2);
  });

  it('latestFor matches PEP 503 normalised names, optionally one version', () => {
    const history = new VerdictHistory(file);
    history.record(sampleEntry('Charset_Normalizer', '3.3.0', 'c1', { validatedAt: '2026-01-01T00:00:00.000Z' }));
    history.record(sampleEntry('charset-normalizer', '3.4.0', 'c2', { validatedAt: '2026-01-03T00:00:00.000Z' }));
    history.record(sampleEntry('charset.normalizer', '3.3.0', 'c3', { validatedAt: '2026-01-02T00:00:00.000Z', verdict: 'warn' }));
    history.record(sampleEntry('other', '1.0', 'o'));
    assert.equal(history.latestFor('CHARSET__normalizer')?.version, '3.4.0');
    const v33 = history.latestFor('charset-normalizer', '3.3.0');
    assert.equal(v33?.verdict, 'warn');
    assert.equal(v33?.name, 'charset-normalizer', 'stored normalised');
    assert.equal(history.latestFor('charset-normalizer', '9.9'), undefined);
  });

  it('sees verdicts that another process recorded since it last looked', async () => {
    const history = new VerdictHistory(file);
    history.record(sampleEntry('one', '1', 'one'));
    assert.equal(history.list().length, 1);
    const other = sampleEntry('two', '2', 'two');
    const script = `const { VerdictHistory } = require(${JSON.stringify(path.join(repo, 'src/core/packages/gate/history.ts'))});
      new VerdictHistory(process.argv[1]).record(JSON.parse(process.argv[2]));`;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, file, JSON.stringify(other)], { cwd: repo, stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
    });
    assert.deepEqual(history.lookup({ sha256s: other.sha256s, rulesetVersion: '1' }), other);
    assert.equal(history.latestFor('two')?.version, '2');
  });

  it('serialises concurrent writers: every line of every process is whole', async () => {
    const script = `const { VerdictHistory } = require(${JSON.stringify(path.join(repo, 'src/core/packages/gate/history.ts'))});
      const { sampleEntry } = require(${JSON.stringify(path.join(__dirname, 'sampleEntry.ts'))});
      const h = new VerdictHistory(process.argv[1]);
      const wait = Number(process.argv[3]) - Date.now();
      setTimeout(() => { for (let i = 0; i < 50; i++) h.record(sampleEntry('p' + process.argv[2], String(i), process.argv[2] + '-' + i)); }, wait);`;
    const startAt = Date.now() + 2000;
    await Promise.all(
      ['a', 'b', 'c'].map(
        (id) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, file, id, String(startAt)], { cwd: repo, stdio: 'inherit' });
            child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
          }),
      ),
    );
    const history = new VerdictHistory(file);
    assert.equal(history.list().length, 150);
    assert.equal(history.recovered, undefined);
    for (const id of ['a', 'b', 'c']) assert.equal(history.latestFor(`p${id}`, '49')?.sha256s[0], digest(`${id}-49-a`));
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });

  it('keeps a damaged index as a backup and goes on with the verdicts that are whole', () => {
    const history = new VerdictHistory(file);
    const good = sampleEntry('good', '1', 'g');
    history.record(good);
    history.record(sampleEntry('damaged', '1', 'd'));
    const text = fs.readFileSync(file, 'utf8');
    const broken = `${text.replace('"n":"damaged"', '"n":"damaged')}this line is not a verdict\n`;
    fs.writeFileSync(file, broken);
    const fresh = new VerdictHistory(file);
    assert.deepEqual(fresh.lookup({ sha256s: good.sha256s, rulesetVersion: '1' }), good);
    assert.ok(fresh.recovered, 'reports the recovery');
    assert.equal(fs.readFileSync(fresh.recovered.backup, 'utf8'), broken, 'the damaged index is kept as it was');
    assert.equal(fresh.recovered.kept, 1);
    assert.deepEqual(fresh.list().map((e) => e.name), ['good']);
    fresh.record(sampleEntry('after', '1', 'a'));
    assert.deepEqual(new VerdictHistory(file).list().map((e) => e.name), ['good', 'after']);
  });

  it('notices a damaged report when it is read, returns nothing for it and drops it from the index', () => {
    const history = new VerdictHistory(file);
    const good = sampleEntry('good', '1', 'g');
    const damaged = sampleEntry('damaged', '1', 'd');
    history.record(good);
    history.record(damaged);
    const reports = fs.readFileSync(history.reportsFile, 'utf8');
    fs.writeFileSync(history.reportsFile, reports.replace('"name":"damaged","version":"1","verdict":"pass"', '"name":"damaged","version":"1","verdict":"mayb"'));
    const fresh = new VerdictHistory(file);
    assert.deepEqual(fresh.lookup({ sha256s: good.sha256s, rulesetVersion: '1' }), good);
    assert.equal(fresh.recovered, undefined, 'reports are read only when asked for');
    assert.equal(fresh.lookup({ sha256s: damaged.sha256s, rulesetVersion: '1' }), undefined);
    assert.ok(fresh.recovered);
    assert.deepEqual(fresh.list().map((e) => e.name), ['good']);
    assert.deepEqual(new VerdictHistory(file).list().map((e) => e.name), ['good']);
  });

  it('repairs an index line torn by a crash before appending, instead of gluing the new verdict to it', () => {
    const history = new VerdictHistory(file);
    history.record(sampleEntry('one', '1', 'one'));
    const whole = fs.readFileSync(file, 'utf8');
    history.record(sampleEntry('two', '1', 'two'));
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, whole.length + 40));
    const reopened = new VerdictHistory(file);
    assert.deepEqual(reopened.list().map((e) => e.name), ['one'], 'an incomplete line is not read (a writer may still be busy)');
    reopened.record(sampleEntry('three', '1', 'three'));
    assert.deepEqual(new VerdictHistory(file).list().map((e) => e.name), ['one', 'three']);
    assert.ok(reopened.recovered);
  });

  it('refuses to record a malformed verdict', () => {
    const history = new VerdictHistory(file);
    assert.throws(() => history.record({ ...sampleEntry('x', '1', 'x'), verdict: 'maybe' as never }), /malformed verdict for x/);
    assert.equal(fs.existsSync(file), false);
  });
});
