import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Resolves with the body of the first `stopped` event a `snakepit` session sends to VS Code. */
function nextStop(): { stopped: Promise<{ threadId: number; reason: string }>; dispose(): void } {
  let resolve: (body: { threadId: number; reason: string }) => void = () => {};
  const stopped = new Promise<{ threadId: number; reason: string }>((r) => (resolve = r));
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('snakepit', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (message: { type: string; event?: string; body?: { threadId: number; reason: string } }) => {
        if (message.type === 'event' && message.event === 'stopped' && message.body) resolve(message.body);
      },
    }),
  });
  return { stopped, dispose: () => registration.dispose() };
}

function within<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  return Promise.race([Promise.resolve(promise), new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms))]);
}

describe('Debugging in a sandbox (snakepit debug type) in a real VS Code', function () {
  this.timeout(180_000);

  it('stops at a breakpoint in an imported module inside a docker sandbox and reports host paths', async () => {
    await vscode.extensions.getExtension('snakepit.snakepit')!.activate();
    const folder = vscode.workspace.workspaceFolders![0];
    const program = vscode.Uri.joinPath(folder.uri, 'debug', 'main.py');
    const helpers = vscode.Uri.joinPath(folder.uri, 'debug', 'helpers.py');
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(helpers, new vscode.Position(1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const stop = nextStop();
    const terminated = new Promise<vscode.DebugSession>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.type !== 'snakepit') return;
        listener.dispose();
        resolve(session);
      });
    });
    try {
      const started = await vscode.debug.startDebugging(folder, { type: 'snakepit', request: 'launch', name: 'sandboxed main.py', program: program.fsPath, sandbox: { engine: 'docker' } });
      assert.ok(started, 'the snakepit session started');
      const session = vscode.debug.activeDebugSession!;
      assert.equal(session.type, 'snakepit');
      assert.equal(session.configuration.workspaceFolder, folder.uri.fsPath, 'the provider mounted the workspace folder');
      const { threadId, reason } = await within(stop.stopped, 120_000, 'the stop at helpers.py:2');
      assert.equal(reason, 'breakpoint');
      const stack = (await session.customRequest('stackTrace', { threadId })) as { stackFrames: { name: string; line: number; source?: { path?: string } }[] };
      // The workbench (in the browser, for code-server) turns the adapter's host paths into remote URIs.
      const hostPath = (p?: string) => (p && /^vscode-remote:/.test(p) ? vscode.Uri.parse(p).path : p);
      const frames = stack.stackFrames.map((f) => [f.name, hostPath(f.source?.path), f.line]);
      assert.deepEqual(frames.slice(0, 3), [
        ['greet', helpers.fsPath, 2],
        ['main', program.fsPath, 8],
        ['<module>', program.fsPath, 16],
      ]);
      assert.ok(stack.stackFrames.every((f) => !hostPath(f.source?.path)?.startsWith('/work/workspace')), 'no sandbox path reaches VS Code');
      await vscode.debug.stopDebugging(session);
      await within(terminated, 60_000, 'the end of the session');
    } finally {
      stop.dispose();
      vscode.debug.removeBreakpoints([breakpoint]);
    }
  });

  it('debugs the current Python file with no launch.json (F5): the provider fills in the configuration', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const program = vscode.Uri.joinPath(folder.uri, 'debug', 'main.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(program));
    assert.ok((await vscode.commands.getCommands(true)).includes('snakepit.debug.debugFile'), '"Snakepit: Debug File in Sandbox" is registered');
    const ended = new Promise<vscode.DebugSession>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.type !== 'snakepit') return;
        listener.dispose();
        resolve(session);
      });
    });
    const stop = nextStop();
    const output: string[] = [];
    const outputTracker = vscode.debug.registerDebugAdapterTrackerFactory('snakepit', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message: { type: string; event?: string; body?: { output?: string } }) => {
          if (message.type === 'event' && message.event === 'output' && message.body?.output) output.push(message.body.output);
        },
      }),
    });
    try {
      // What F5 sends when there is no launch.json: an empty configuration, resolved by the provider for the active Python editor.
      const started = await vscode.debug.startDebugging(folder, { type: 'snakepit', request: '', name: '' });
      assert.ok(started);
      const session = vscode.debug.activeDebugSession!;
      assert.equal(session.configuration.request, 'launch');
      assert.equal(session.configuration.program, program.fsPath, '${file} became the active editor\'s file');
      assert.equal(session.configuration.workspaceFolder, folder.uri.fsPath);
      assert.equal(session.configuration.sandbox.engine, 'auto', 'the engine comes from snakepit.sandbox.engine');
      assert.equal(session.configuration.internalConsoleOptions, 'openOnSessionStart', 'the Debug Console opens, also for Ctrl+F5');
      // main.py ends with sys.exit(6): VS Code's default "Uncaught Exceptions" filter stops there, inside the sandbox.
      const { reason } = await within(stop.stopped, 120_000, 'the stop at sys.exit(6)');
      assert.equal(reason, 'exception');
      assert.ok(output.some((line) => /^Snakepit: Python 3\.\d+\.\d+ \(\/\S+, (system|virtual) environment \//.test(line)), `the console says which Python runs: ${output.join('')}`);
      await vscode.debug.stopDebugging(session);
      await within(ended, 60_000, 'the end of the session');
    } finally {
      stop.dispose();
      outputTracker.dispose();
    }
  });
});
