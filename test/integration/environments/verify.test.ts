import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, host, pipInstall, run } from './helpers';

describe('snakepit env verify (real venv, real pip, real bubblewrap gate, bundled CLI)', function () {
  this.timeout(600_000);
  let work: string;
  let project: string;
  let venv: string;
  const env = (args: string[]) => cli(['env', ...args], { cwd: project, home: work });

  before(() => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../../dist/cli.js')), 'run `node esbuild.js` first');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-env-verify-'));
    project = path.join(work, 'project');
    venv = path.join(project, '.venv');
    fs.mkdirSync(project);
    run([host, '-m', 'venv', venv]);
    pipInstall(venv, 'six', 'idna');
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('sends the unverified distributions through the gate by exact version; they become verified and nothing is installed', () => {
    const freezeBefore = run([path.join(venv, 'bin', 'python'), '-m', 'pip', 'freeze', '--all']);
    const before = JSON.parse(env(['show', '--format', 'json']).stdout);
    const unverified = before.distributions.filter((d: { state: string }) => d.state === 'unverified').map((d: { name: string }) => d.name).sort();
    assert.ok(unverified.includes('six') && unverified.includes('idna'), JSON.stringify(unverified));
    const verified = env(['verify', '--engine', 'bubblewrap', '--format', 'json']);
    assert.equal(verified.status, 0, verified.stderr);
    const out = JSON.parse(verified.stdout);
    const state = Object.fromEntries(out.results.map((r: { name: string; state: string }) => [r.name, r.state]));
    assert.equal(state.six, 'verified', verified.stdout);
    assert.equal(state.idna, 'verified', verified.stdout);
    assert.equal(run([path.join(venv, 'bin', 'python'), '-m', 'pip', 'freeze', '--all']), freezeBefore, 'verify installs nothing');
    const again = env(['verify', '--engine', 'bubblewrap']);
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /\bsix\b|\bidna\b/, 'what is verified is not sent again');
  });
});
