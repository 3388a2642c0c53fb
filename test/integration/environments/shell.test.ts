import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, host, run } from './helpers';

const ESC = '\u001b';
const shellTempDirs = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('snakepit-shell-')).sort();
const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

/** Polls the tmux pane until `pattern` shows up (generous: the machine may be loaded). */
function waitForPane(session: string, pattern: RegExp, timeoutMs = 60_000): string {
  const until = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < until) {
    screen = spawnSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' }).stdout ?? '';
    if (pattern.test(screen)) return screen;
    spawnSync('sleep', ['0.3']);
  }
  assert.fail(`${pattern} never appeared in the terminal; it shows:\n${screen}`);
}

describe('snakepit env shell: activation with the (snakepit:NAME) prompt in bash, zsh and fish', function () {
  this.timeout(300_000);
  let work: string;
  let venv: string;
  let home: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-env-shell-'));
    venv = path.join(work, '.venv');
    home = path.join(work, 'home');
    fs.mkdirSync(home);
    // fish's first start generates completions from man pages in the background, writing under HOME while the test
    // cleans up; the directory being there tells it that was done.
    fs.mkdirSync(path.join(home, '.local', 'share', 'fish', 'generated_completions'), { recursive: true });
    run([host, '-m', 'venv', '--without-pip', venv]);
  });

  // A shell killed with its tmux session may still be writing its history or universal variables under HOME.
  after(() => fs.rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 }));

  const env = () => ({ ...process.env, HOME: home, XDG_STATE_HOME: path.join(work, 'state'), XDG_CACHE_HOME: path.join(work, 'cache'), XDG_CONFIG_HOME: path.join(home, '.config'), PS1: '$ ' });
  const shellCommand = (shell: string) => `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} env shell .venv --print --shell ${shell}`;

  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it(`${shell}: evaluated activation sets VIRTUAL_ENV, PATH and the prompt without colour codes; deactivate undoes it`, function () {
      if (!has(shell)) this.skip();
      const script =
        shell === 'fish'
          ? `function fish_prompt; printf '%s' '$ '; end; ${shellCommand(shell)} | source; fish_prompt; echo; echo $VIRTUAL_ENV; command -v python; deactivate; echo "[$VIRTUAL_ENV]"; fish_prompt; echo; echo $PATH[1]`
          : `PS1='$ '; eval "$(${shellCommand(shell)})"; printf '%s\\n' "$PS1" "$VIRTUAL_ENV"; command -v python; deactivate; printf '[%s]\\n%s\\n' "\${VIRTUAL_ENV-}" "$PS1"; printf '%s\\n' "\${PATH%%:*}"`;
      const args = shell === 'fish' ? ['--no-config', '-c', script] : shell === 'zsh' ? ['-f', '-c', script] : ['--norc', '-c', script];
      const output = run([shell, ...args], { cwd: work, env: env() });
      assert.ok(!output.includes(ESC), `colour codes in ${JSON.stringify(output)}`);
      const lines = output.split('\n');
      assert.equal(lines[0], '(snakepit:.venv) $ ');
      assert.equal(lines[1], venv);
      assert.equal(lines[2], path.join(venv, 'bin', 'python'));
      assert.equal(lines[3], '[]');
      assert.equal(lines[4], '$ ');
      assert.notEqual(lines[5], path.join(venv, 'bin'));
    });
  }

  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it(`${shell}: \`snakepit env shell\` opens an interactive shell whose prompt shows (snakepit:.venv), and exit returns`, function () {
      if (!has(shell) || !has('tmux')) this.skip();
      const tempBefore = shellTempDirs();
      const session = `snakepit-env-${shell}-${process.pid}`;
      const command = `cd ${JSON.stringify(work)} && ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} env shell .venv --shell ${shell}; echo "shell-exited-$?"; sleep 60`;
      const started = spawnSync('tmux', ['new-session', '-d', '-s', session, '-x', '200', '-y', '50', 'sh', '-c', command], { env: env() });
      assert.equal(started.status, 0, String(started.stderr));
      try {
        waitForPane(session, /\(snakepit:\.venv\)/);
        spawnSync('tmux', ['send-keys', '-t', session, 'echo "venv=$VIRTUAL_ENV"', 'Enter']);
        waitForPane(session, new RegExp(`venv=${venv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        spawnSync('tmux', ['send-keys', '-t', session, 'exit', 'Enter']);
        waitForPane(session, /shell-exited-0/);
      } finally {
        spawnSync('tmux', ['kill-session', '-t', session]);
      }
      assert.deepEqual(shellTempDirs(), tempBefore, 'the shell\'s startup dir outlived it');
    });
  }
});
