import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { EngineKind } from '../../../src/core/sandbox/engine';
import { launchWithBreakpoints, lineOf, PdbBridgeHarness } from './pdbHarness';

const APP = `import json
import sys
from shapes import Point, square


def total(n):
    acc = 0
    for i in range(n):
        acc += square(i)  # CALL-SQUARE
    return acc  # RETURN-TOTAL


config = {'name': 'demo', 'values': [10, 20, 30]}
origin = Point(2, 3)
print('hello from the sandbox', sys.argv[1:])
result = total(5)  # CALL-TOTAL
text = json.dumps(config)  # CALL-JSON
print('result', result)
sys.stderr.write('warning: almost done\\n')
sys.exit(result % 7)
`;

const SHAPES = `class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def square(x):
    y = x * x  # IN-SQUARE
    return y
`;

const SPIN = `import time
print('spinning', flush=True)
count = 0
while True:
    count += 1  # SPIN
`;

const CRASH = `def parse(text):
    value = int(text)  # RAISES
    return value


parse('12')
parse('not a number')  # SECOND-CALL
`;

for (const kind of ['bubblewrap', 'docker'] as EngineKind[]) {
  describe(`pdb bridge session (real ${kind} sandbox)`, function () {
    this.timeout(120_000);
    let workspace: string;
    let harness: PdbBridgeHarness;
    let client: DebugClient | undefined;
    let app: string;
    let shapes: string;

    before(async () => {
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-pdb-ws-'));
      fs.chmodSync(workspace, 0o755); // docker sandboxes run as an unprivileged user who must read the workspace
      app = path.join(workspace, 'app.py');
      shapes = path.join(workspace, 'shapes.py');
      fs.writeFileSync(app, APP);
      fs.writeFileSync(shapes, SHAPES);
      fs.writeFileSync(path.join(workspace, 'spin.py'), SPIN);
      fs.writeFileSync(path.join(workspace, 'crash.py'), CRASH);
      harness = await PdbBridgeHarness.create(kind, workspace);
    });

    afterEach(async () => {
      await client?.stop();
      client = undefined;
    });

    after(async () => {
      const left = await harness.leftovers();
      await harness.close();
      fs.rmSync(workspace, { recursive: true, force: true });
      assert.deepEqual(left, [], 'every debug sandbox was removed when its session ended');
    });

    it('stops at a conditional breakpoint in an imported module, with host paths, variables and evaluate', async () => {
      client = await harness.client();
      const stopped = client.waitForEvent('stopped');
      const [placed] = await launchWithBreakpoints(client, { program: app, args: ['--demo'] }, [
        { path: shapes, breakpoints: [{ line: lineOf(shapes, 'IN-SQUARE'), condition: 'x == 3' }] },
      ]);
      assert.equal(placed.body.breakpoints[0].verified, true);
      assert.equal(placed.body.breakpoints[0].line, lineOf(shapes, 'IN-SQUARE'));
      assert.equal(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'breakpoint');

      const stack = await client.stackTraceRequest({ threadId: 1 });
      const frames = stack.body.stackFrames.map((f) => `${f.name} ${f.source?.path}:${f.line}`);
      assert.deepEqual(frames, [
        `square ${shapes}:${lineOf(shapes, 'IN-SQUARE')}`,
        `total ${app}:${lineOf(app, 'CALL-SQUARE')}`,
        `<module> ${app}:${lineOf(app, 'CALL-TOTAL')}`,
      ]);

      const scopes = await client.scopesRequest({ frameId: stack.body.stackFrames[0].id });
      assert.deepEqual(scopes.body.scopes.map((s) => s.name), ['Locals', 'Globals']);
      const locals = await client.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
      assert.deepEqual(locals.body.variables.map((v) => [v.name, v.value, v.type]), [['x', '3', 'int']], 'the condition x == 3 held at the stop');

      const moduleScopes = await client.scopesRequest({ frameId: stack.body.stackFrames[2].id });
      assert.deepEqual(moduleScopes.body.scopes.map((s) => s.name), ['Globals'], 'module level: locals are the globals');
      const globals = await client.variablesRequest({ variablesReference: moduleScopes.body.scopes[0].variablesReference });
      const config = globals.body.variables.find((v) => v.name === 'config');
      assert.ok(config && config.variablesReference > 0, 'a dict can be expanded');
      const configItems = await client.variablesRequest({ variablesReference: config.variablesReference });
      const values = configItems.body.variables.find((v) => v.name === "'values'");
      assert.equal(values?.value, '[10, 20, 30]');
      const valueItems = await client.variablesRequest({ variablesReference: values!.variablesReference });
      assert.deepEqual(valueItems.body.variables.map((v) => `${v.name}=${v.value}`), ['0=10', '1=20', '2=30']);
      const origin = globals.body.variables.find((v) => v.name === 'origin');
      assert.equal(origin?.type, 'shapes.Point');
      const fields = await client.variablesRequest({ variablesReference: origin!.variablesReference });
      assert.deepEqual(fields.body.variables.map((v) => `${v.name}=${v.value}`), ['x=2', 'y=3']);

      const inSquare = await client.evaluateRequest({ expression: 'x * 100 + len(str(x))', frameId: stack.body.stackFrames[0].id, context: 'hover' });
      assert.equal(inSquare.body.result, '301');
      const inTotal = await client.evaluateRequest({ expression: 'acc', frameId: stack.body.stackFrames[1].id, context: 'repl' });
      assert.equal(inTotal.body.result, String(0 + 1 + 4), 'acc in the caller frame after squares of 0, 1, 2');
      await assert.rejects(client.evaluateRequest({ expression: 'undefined_name', frameId: stack.body.stackFrames[0].id, context: 'repl' }), /NameError/);

      const exited = client.waitForEvent('exited');
      const terminated = client.waitForEvent('terminated');
      await client.continueRequest({ threadId: 1 });
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 30 % 7);
      await terminated;
    });

    it('steps over, in and out, and a hit count and a logpoint work', async () => {
      client = await harness.client();
      const output: string[] = [];
      client.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
      let stopped = client.waitForEvent('stopped');
      await launchWithBreakpoints(client, { program: app }, [
        { path: app, breakpoints: [{ line: lineOf(app, 'CALL-SQUARE'), hitCondition: '3' }, { line: lineOf(app, 'RETURN-TOTAL'), logMessage: 'total is {acc}' }] },
      ]);
      await stopped;
      const where = async () => {
        const top = (await client!.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
        return `${top.name} ${path.basename(top.source?.path ?? '?')}:${top.line}`;
      };
      const evaluate = async (expression: string) => (await client!.evaluateRequest({ expression, frameId: (await client!.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].id, context: 'watch' })).body.result;
      assert.equal(await where(), `total app.py:${lineOf(app, 'CALL-SQUARE')}`);
      assert.equal(await evaluate('i'), '2', 'hit condition 3: the third time the line runs');

      stopped = client.waitForEvent('stopped');
      await client.stepInRequest({ threadId: 1 });
      assert.equal(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'step');
      assert.equal(await where(), `square shapes.py:${lineOf(shapes, 'IN-SQUARE')}`);

      stopped = client.waitForEvent('stopped');
      await client.nextRequest({ threadId: 1 });
      await stopped;
      assert.equal(await where(), `square shapes.py:${lineOf(shapes, 'IN-SQUARE') + 1}`);
      assert.equal(await evaluate('y'), '4');

      stopped = client.waitForEvent('stopped');
      await client.stepOutRequest({ threadId: 1 });
      await stopped;
      assert.match(await where(), /^total app\.py:/, 'back in the caller');
      assert.equal(await evaluate('acc'), String(0 + 1 + 4), 'the call returned and its result was added');

      const terminated = client.waitForEvent('terminated');
      await client.continueRequest({ threadId: 1 });
      await terminated;
      assert.ok(output.includes('total is 30\n'), `the logpoint printed with the value interpolated: ${JSON.stringify(output)}`);
    });

    it('shows the program output and stderr, and steps into a file that exists only in the sandbox', async () => {
      client = await harness.client();
      const output: { category: string; text: string }[] = [];
      client.on('output', (e: DebugProtocol.OutputEvent) => output.push({ category: e.body.category ?? 'console', text: e.body.output }));
      let stopped = client.waitForEvent('stopped');
      await launchWithBreakpoints(client, { program: app, args: ['one', 'two'] }, [{ path: app, breakpoints: [{ line: lineOf(app, 'CALL-JSON') }] }]);
      await stopped;
      assert.ok(output.some((o) => o.category === 'stdout' && o.text === "hello from the sandbox ['one', 'two']\n"), 'output before the stop arrives before the stop');

      stopped = client.waitForEvent('stopped');
      await client.stepInRequest({ threadId: 1 });
      await stopped;
      const [top] = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      assert.equal(top.name, 'dumps');
      assert.equal(top.source?.path, undefined, 'the stdlib is not a host file');
      assert.ok((top.source?.sourceReference ?? 0) > 0);
      const source = await client.sourceRequest({ sourceReference: top.source!.sourceReference!, source: top.source });
      assert.match(source.body.content, /def dumps\(/);

      // Both waits are set up first: `terminated` may arrive before `exited` has been handled here.
      const exited = client.waitForEvent('exited');
      const terminated = client.waitForEvent('terminated');
      await client.continueRequest({ threadId: 1 });
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 2);
      await terminated;
      const stdout = output.filter((o) => o.category === 'stdout').map((o) => o.text).join('');
      const stderr = output.filter((o) => o.category === 'stderr').map((o) => o.text).join('');
      assert.equal(stdout, "hello from the sandbox ['one', 'two']\nresult 30\n");
      assert.match(stderr, /warning: almost done/);
    });

    it('stops on entry, pauses a busy loop, and terminate ends the program and removes its sandbox', async () => {
      client = await harness.client();
      const spin = path.join(workspace, 'spin.py');
      let stopped = client.waitForEvent('stopped');
      await launchWithBreakpoints(client, { program: spin, stopOnEntry: true }, []);
      assert.equal(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'entry');
      assert.equal((await client.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].line, 1);

      await client.continueRequest({ threadId: 1 });
      await client.waitForEvent('output');
      await new Promise((resolve) => setTimeout(resolve, 300));
      stopped = client.waitForEvent('stopped');
      await client.pauseRequest({ threadId: 1 });
      assert.equal(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'pause');
      const count = Number((await client.evaluateRequest({ expression: 'count', frameId: 1, context: 'repl' })).body.result);
      assert.ok(count > 0, `the loop ran (count=${count}) before the pause`);

      const before = harness.sandboxes.length;
      const terminated = client.waitForEvent('terminated');
      await client.terminateRequest({});
      await terminated;
      const record = harness.sandboxes[before - 1];
      await harness.disposals[harness.disposals.length - 1];
      assert.equal((await harness.engine.inspect(record)).state, 'missing', 'the session removed its sandbox');
    });

    it('stops post mortem at an uncaught exception when asked, and only then', async () => {
      const crash = path.join(workspace, 'crash.py');
      client = await harness.client();
      const output: string[] = [];
      client.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
      const capabilities = await client.initializeRequest({ adapterID: 'snakepit', pathFormat: 'path' });
      assert.deepEqual(capabilities.body?.exceptionBreakpointFilters?.map((f) => f.filter), ['uncaught']);
      const initialized = client.waitForEvent('initialized');
      await client.launchRequest({ program: crash } as DebugProtocol.LaunchRequestArguments);
      await initialized;
      await client.setExceptionBreakpointsRequest({ filters: ['uncaught'] });
      const stopped = client.waitForEvent('stopped');
      await client.configurationDoneRequest();
      const event = (await stopped) as DebugProtocol.StoppedEvent;
      assert.equal(event.body.reason, 'exception');
      assert.match(event.body.text ?? '', /^ValueError: invalid literal for int\(\) with base 10: 'not a number'$/);
      const frames = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      assert.deepEqual(frames.map((f) => `${f.name} ${f.source?.path}:${f.line}`), [`parse ${crash}:${lineOf(crash, 'RAISES')}`, `<module> ${crash}:${lineOf(crash, 'SECOND-CALL')}`]);
      const locals = await client.variablesRequest({ variablesReference: (await client.scopesRequest({ frameId: frames[0].id })).body.scopes[0].variablesReference });
      assert.deepEqual(locals.body.variables.map((v) => `${v.name}=${v.value}`), ["text='not a number'"]);
      const info = await client.exceptionInfoRequest({ threadId: 1 });
      assert.equal(info.body.exceptionId, 'ValueError');
      assert.equal(info.body.breakMode, 'unhandled');
      assert.ok(info.body.details?.stackTrace?.includes(`File "${crash}", line ${lineOf(crash, 'RAISES')}`), info.body.details?.stackTrace);
      const exited = client.waitForEvent('exited');
      const terminated = client.waitForEvent('terminated');
      await client.continueRequest({ threadId: 1 });
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
      await terminated;
      assert.match(output.join(''), new RegExp(`Traceback[\\s\\S]*File "${crash.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", line ${lineOf(crash, 'RAISES')}[\\s\\S]*ValueError`));
      await client.stop();

      client = await harness.client();
      const stops: unknown[] = [];
      client.on('stopped', (e) => stops.push(e));
      const exitedAgain = client.waitForEvent('exited');
      await launchWithBreakpoints(client, { program: crash }, []);
      assert.equal(((await exitedAgain) as DebugProtocol.ExitedEvent).body.exitCode, 1);
      assert.deepEqual(stops, [], 'without the filter the program just ends');
    });

    it('rejects a launch without a program, and reports a missing program as the exit', async () => {
      client = await harness.client();
      await client.initializeRequest({ adapterID: 'snakepit', pathFormat: 'path' });
      await assert.rejects(client.launchRequest({} as DebugProtocol.LaunchRequestArguments), /"program" is missing/);
      await client.stop();

      client = await harness.client();
      const output: string[] = [];
      client.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
      const exited = client.waitForEvent('exited');
      await launchWithBreakpoints(client, { program: path.join(workspace, 'nope.py') }, []);
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 2);
      assert.match(output.join(''), /nope\.py does not exist in the sandbox/);
    });
  });
}
