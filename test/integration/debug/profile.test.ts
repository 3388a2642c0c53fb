import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerProfile } from '../../../src/cli/commands/profile';
import { buildProgram, runProgram } from '../../../src/cli/program';
import { buildFlameTree, hottest, profileInSandbox, type FlameNode } from '../../../src/core/debug/profile';
import type { EngineKind } from '../../../src/core/sandbox/engine';
import { findPythonHelpersDir } from '../../../src/core/pythonHelpers';
import { createSandboxServices, type SandboxServices } from '../../../src/core/sandbox/sandboxServices';

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';

const HOT = `import sys
from work import fib, light


def main():
    for _ in range(3):
        light()
    print('fib', fib(22))


main()
sys.exit(4)
`;

const WORK = `def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def light():
    return sum(range(1000))
`;

const FOREVER = `import time
print('started', flush=True)
while True:
    time.sleep(0.05)
`;

function find(node: FlameNode, name: string): FlameNode | undefined {
  if (node.name === name) return node;
  for (const child of node.children) {
    const found = find(child, name);
    if (found) return found;
  }
  return undefined;
}

for (const kind of ['bubblewrap', 'docker'] as EngineKind[]) {
  describe(`profileInSandbox (real ${kind})`, function () {
    this.timeout(120_000);
    let stateDir: string;
    let workspace: string;
    let services: SandboxServices;

    before(() => {
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-profile-state-'));
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-profile-ws-'));
      fs.chmodSync(workspace, 0o755); // docker sandboxes run as an unprivileged user who must read the workspace
      fs.writeFileSync(path.join(workspace, 'hot.py'), HOT);
      fs.writeFileSync(path.join(workspace, 'work.py'), WORK);
      fs.writeFileSync(path.join(workspace, 'forever.py'), FOREVER);
      services = createSandboxServices(stateDir, 'test');
    });

    afterEach(async () => {
      assert.deepEqual((await services.manager.list()).map((r) => r.name), [], 'no sandbox record is left');
      const owned = await services.engines[kind]!.listOwned();
      assert.deepEqual(owned.filter((r) => r.purpose === 'ephemeral' && r.sandbox.startsWith('prof-') && r.labels['snakepit.owner.pid'] === String(process.pid)), []);
    });

    after(() => {
      fs.rmSync(stateDir, { recursive: true, force: true });
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    it('finds the hottest function with exact call counts, host paths and a flame tree', async () => {
      const output: string[] = [];
      const run = await profileInSandbox(services, {
        program: path.join(workspace, 'hot.py'),
        workspaceFolder: workspace,
        helpersDir: findPythonHelpersDir(),
        engine: kind,
        image: kind === 'docker' ? IMAGE : undefined,
        onOutput: (text) => output.push(text),
      });
      assert.equal(run.report.exitCode, 4);
      assert.match(run.stdout, /fib 17711/);
      assert.match(output.join(''), /fib 17711/);
      const [top] = hottest(run.report, 1);
      assert.equal(top.name, 'fib');
      assert.equal(top.file, path.join(workspace, 'work.py'), 'sandbox paths are mapped back to the host');
      assert.equal(top.line, 1);
      assert.equal(top.inWorkspace, true);
      assert.equal(top.calls, 57313, 'fib(22) makes 2·fib(23) − 1 calls');
      assert.equal(top.primitiveCalls, 1, 'all but the first are recursive');
      const light = run.report.functions.find((f) => f.name === 'light')!;
      assert.equal(light.calls, 3);
      const main = run.report.functions.find((f) => f.name === 'main')!;
      assert.deepEqual(light.callers.map((c) => c.id), [main.id]);
      const sum = run.report.functions.find((f) => f.name === '<built-in method builtins.sum>')!;
      assert.equal(sum.file, '~');
      assert.equal(sum.inWorkspace, false);

      const tree = buildFlameTree(run.report);
      const mainNode = find(tree, 'main')!;
      const fibNode = mainNode.children.find((c) => c.name === 'fib')!;
      assert.ok(fibNode, 'fib is drawn under main');
      assert.ok(fibNode.value > 0.5 * mainNode.value, `fib takes most of main (${fibNode.value} of ${mainNode.value})`);
      assert.equal(fibNode.children.length, 0, 'recursion is not expanded again');
    });

    it('cancelling kills the program and removes the sandbox', async () => {
      const controller = new AbortController();
      const started = profileInSandbox(services, {
        program: path.join(workspace, 'forever.py'),
        workspaceFolder: workspace,
        helpersDir: findPythonHelpersDir(),
        engine: kind,
        image: kind === 'docker' ? IMAGE : undefined,
        signal: controller.signal,
        onOutput: (text) => text.includes('started') && controller.abort(),
      });
      await assert.rejects(started, /cancelled/);
    });

    it('refuses a program outside the workspace, creating nothing', async () => {
      await assert.rejects(
        profileInSandbox(services, { program: __filename, workspaceFolder: workspace, helpersDir: findPythonHelpersDir(), engine: kind }),
        /outside the workspace folder/,
      );
    });
  });
}

describe('snakepit profile (CLI, real bubblewrap)', function () {
  this.timeout(120_000);

  it('prints the hottest functions, and JSON with --format json, leaving no sandbox', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-profile-cli-'));
    const workspace = path.join(home, 'ws');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'hot.py'), HOT);
    fs.writeFileSync(path.join(workspace, 'work.py'), WORK);
    const saved = { state: process.env.XDG_STATE_HOME, exitCode: process.exitCode };
    process.env.XDG_STATE_HOME = path.join(home, 'state');
    const run = async (...args: string[]) => {
      let stdout = '';
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
      try {
        return { code: await runProgram(buildProgram([registerProfile]), args), stdout };
      } finally {
        process.stdout.write = write;
      }
    };
    try {
      const text = await run('profile', path.join(workspace, 'hot.py'), '--workspace', workspace, '--engine', 'bubblewrap', '--top', '3');
      assert.equal(text.code, 0);
      const lines = text.stdout.trim().split('\n');
      assert.match(lines[0], /hot\.py: exit code 4/);
      assert.match(lines[3], new RegExp(`^\\s+57313/1 +[\\d.]+ +[\\d.]+  fib \\(${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/work\\.py:1\\)$`));
      assert.equal(lines.length, 3 + 3, 'header and the top 3');

      const json = await run('profile', path.join(workspace, 'hot.py'), '--workspace', workspace, '--engine', 'bubblewrap', '-f', 'json');
      const report = JSON.parse(json.stdout);
      assert.equal(report.functions.find((f: { name: string }) => f.name === 'light').calls, 3);

      const outside = await run('profile', __filename, '--workspace', workspace, '--engine', 'bubblewrap');
      assert.equal(outside.code, 2);
      const records = path.join(home, 'state', 'snakepit', 'sandboxes.json');
      assert.deepEqual(JSON.parse(fs.readFileSync(records, 'utf8')).sandboxes, [], 'the sandboxes were recorded, then forgotten');
      const sandboxDirs = fs.readdirSync(path.join(home, 'state', 'snakepit', 'sandboxes')).filter((d) => !d.startsWith('.'));
      assert.deepEqual(sandboxDirs, [], 'no sandbox directory is left');
    } finally {
      if (saved.state === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = saved.state;
      process.exitCode = saved.exitCode;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
