import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recordTransaction } from '../../../src/core/environments';
import { cli, freeze, host, listing, pipInstall, run } from './helpers';

describe('snakepit env: history, exact rollback, save/load (real venv, real pip, bundled CLI)', function () {
  this.timeout(600_000);
  let work: string;
  let project: string;
  let venv: string;
  const env = (args: string[]) => cli(['env', ...args], { cwd: project, home: work });
  const json = (args: string[]) => {
    const result = env([...args, '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  before(() => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../../dist/cli.js')), 'run `node esbuild.js` first');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-env-test-'));
    project = path.join(work, 'project');
    venv = path.join(project, '.venv');
    fs.mkdirSync(project);
    run([host, '-m', 'venv', venv]);
    pipInstall(venv, 'six');
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('records a baseline, then an external pip install as an external entry whose packages are unverified', () => {
    const first = json(['history']);
    assert.deepEqual(first.entries.map((e: { kind: string }) => e.kind), ['baseline']);
    pipInstall(venv, 'idna');
    const second = json(['history']);
    assert.deepEqual(second.entries.map((e: { kind: string }) => e.kind), ['baseline', 'external']);
    assert.deepEqual(second.entries[1].changes.added.map((d: { name: string }) => d.name), ['idna']);
    const shown = json(['show']);
    const idna = shown.distributions.find((d: { name: string }) => d.name === 'idna');
    assert.equal(idna.state, 'unverified');
    // Nothing changed since: no new entry.
    assert.equal(json(['history']).entries.length, 2);
  });

  it('rolls back byte-exact (files, modes, pip freeze), and the rollback can itself be undone', () => {
    const before = { files: listing(venv), freeze: freeze(venv) };
    const beforeId = json(['history']).entries.at(-1).id;
    pipInstall(venv, 'certifi', 'urllib3');
    fs.chmodSync(path.join(venv, 'bin', 'activate'), 0o600);
    fs.appendFileSync(path.join(venv, 'lib', fs.readdirSync(path.join(venv, 'lib'))[0], 'site-packages', 'six.py'), '\n# edited\n');
    assert.notDeepEqual(listing(venv), before.files);
    const rolled = json(['rollback', '.venv', String(beforeId), '-y']);
    assert.equal(rolled.entry.kind, 'rollback');
    assert.deepEqual(listing(venv), before.files);
    assert.equal(freeze(venv), before.freeze);
    const afterChange = json(['history']).entries.at(-2).id;
    json(['rollback', '.venv', String(afterChange), '-y']);
    assert.match(freeze(venv), /certifi==/);
    json(['rollback', '.venv', String(beforeId), '-y']);
    assert.deepEqual(listing(venv), before.files);
  });

  it('records a change made through recordTransaction (the API installers call) as one entry with who and what', async () => {
    const { entry } = await recordTransaction(path.join(venv, 'bin', 'python'), path.join(work, 'state', 'snakepit'), { who: 'test installer', what: 'install packaging' }, async () => pipInstall(venv, 'packaging'));
    assert.equal(entry?.kind, 'change');
    assert.deepEqual(entry?.changes.added.map((d) => d.name), ['packaging']);
    const last = json(['history']).entries.at(-1);
    assert.deepEqual([last.kind, last.who, last.what], ['change', 'test installer', 'install packaging']);
    json(['rollback', '.venv', String(last.id - 1), '-y']);
    assert.doesNotMatch(freeze(venv), /packaging==/);
  });

  it('refuses to change the environment without a terminal and without -y (exit 2, nothing changed)', () => {
    const files = listing(venv);
    const result = env(['rollback', '.venv', '1']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /pass -y/);
    assert.deepEqual(listing(venv), files);
  });

  it('save → destroy → load gives back the same environment exactly', () => {
    const before = { files: listing(venv), freeze: freeze(venv) };
    const lock = path.join(work, 'env.lock');
    const saved = json(['save', '.venv', '-o', lock]);
    assert.ok(saved.distributions >= 3);
    const text = fs.readFileSync(lock, 'utf8');
    assert.match(text, /^six==1\.\d+\.\d+$/m);
    fs.rmSync(venv, { recursive: true });
    const loaded = json(['load', venv, lock, '-y']);
    assert.equal(loaded.entry.kind, 'load');
    assert.deepEqual(listing(venv), before.files);
    assert.equal(freeze(venv), before.freeze);
    run([path.join(venv, 'bin', 'python'), '-c', 'import six, idna']);
  });

  it('check exits 1 on drift (missing, undeclared, never verified) and 2 for an unknown environment', () => {
    fs.writeFileSync(path.join(project, 'requirements.txt'), 'six>=1\nrequests\n');
    const drifting = env(['check', '--format', 'json']);
    assert.equal(drifting.status, 1, drifting.stderr);
    const report = JSON.parse(drifting.stdout);
    assert.equal(report.ok, false);
    const kinds = report.drift.items.map((i: { kind: string; name: string }) => `${i.kind}:${i.name}`).sort();
    assert.deepEqual(kinds, ['missing:requests', 'never-verified:six', 'undeclared:idna']);
    const bad = env(['check', 'no-such-env']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no environment named no-such-env/);
  });
});
