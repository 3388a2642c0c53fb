import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapMessageReader, encodeDapMessage } from '../../../src/core/debug/dapFraming';
import { prepareDebugSandbox, WORKSPACE_IN_SANDBOX, type DebugSandboxRequest } from '../../../src/core/debug/debugSandbox';
import { SandboxDebugSession } from '../../../src/core/debug/sandboxDebugSession';
import type { Engine, EngineKind } from '../../../src/core/sandbox/engine';
import { FakeEngine, type FakeProcess, type SpawnHandler } from '../../../src/core/sandbox/fake';
import { SandboxManager } from '../../../src/core/sandbox/manager';
import type { SandboxServices } from '../../../src/core/sandbox/sandboxServices';
import { AuditLog } from '../../../src/core/state/auditLog';
import { SandboxStore } from '../../../src/core/state/sandboxStore';

type Message = DebugProtocol.ProtocolMessage;

/**
 * Plays `python3 -m debugpy.adapter` in a fake sandbox: answers DAP requests over the process's stdio, sends a
 * stack in sandbox paths, and reports `No module named debugpy` unless `available` says it can be imported.
 */
function fakeDebugpy(options: { available?: (child: FakeProcess) => boolean; received?: DebugProtocol.Request[] } = {}): SpawnHandler {
  return (child) => {
    if (options.available && !options.available(child)) {
      child.stderr.write('/usr/bin/python3: No module named debugpy\n');
      setImmediate(() => child.exit(1));
      return;
    }
    let seq = 0;
    const send = (message: Omit<Message, 'seq'>) => child.stdout.write(encodeDapMessage({ ...message, seq: ++seq } as Message));
    const respond = (request: DebugProtocol.Request, body: unknown = {}) => send({ type: 'response', request_seq: request.seq, command: request.command, success: true, body } as DebugProtocol.Response);
    const reader = new DapMessageReader((message) => {
      const request = message as DebugProtocol.Request;
      options.received?.push(request);
      if (request.command === 'initialize') respond(request, { supportsConfigurationDoneRequest: true, supportsSetVariable: true });
      else if (request.command === 'launch') {
        respond(request);
        send({ type: 'event', event: 'output', body: { category: 'stdout', output: `running ${(request.arguments as { program: string }).program}\n` } } as DebugProtocol.OutputEvent);
      } else if (request.command === 'stackTrace') {
        respond(request, { stackFrames: [{ id: 1, name: '<module>', line: 3, column: 1, source: { path: `${WORKSPACE_IN_SANDBOX}/main.py` } }], totalFrames: 1 });
      } else if (request.command === 'disconnect') {
        respond(request);
        setImmediate(() => child.exit(0));
      } else respond(request);
    });
    child.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
  };
}

const isAdapter = (argv: readonly string[]) => argv.join(' ') === 'python3 -m debugpy.adapter';

describe("the debug proxy's use of the engine (FakeEngine)", function () {
  this.timeout(30_000);
  let stateDir: string;
  let workspace: string;
  let program: string;

  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-debug-unit-'));
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-debug-ws-'));
    program = path.join(workspace, 'main.py');
    fs.writeFileSync(program, 'print("hello")\n');
  });
  afterEach(() => {
    fs.rmSync(stateDir, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  function servicesOf(...engines: FakeEngine[]): SandboxServices {
    const byKind: Partial<Record<EngineKind, Engine>> = Object.fromEntries(engines.map((e) => [e.kind, e]));
    const audit = new AuditLog(path.join(stateDir, 'audit.jsonl'));
    return { engines: byKind, audit, manager: new SandboxManager({ engines: byKind, store: new SandboxStore(stateDir), audit, actor: 'test' }) };
  }

  /** A client of the session: sends requests, collects what comes back. */
  function client(session: SandboxDebugSession) {
    const messages: Message[] = [];
    const waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
    session.onDidSendMessage((message) => {
      messages.push(message);
      for (const waiter of [...waiters]) {
        if (waiter.match(message)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    let seq = 0;
    const waitFor = (match: (m: Message) => boolean) => {
      const found = messages.find(match);
      return found ? Promise.resolve(found) : new Promise<Message>((resolve) => waiters.push({ match, resolve }));
    };
    const request = (command: string, args?: unknown) => {
      const own = ++seq;
      const answer = waitFor((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === own) as Promise<DebugProtocol.Response>;
      session.handleMessage({ type: 'request', seq: own, command, arguments: args } as DebugProtocol.Request);
      return answer;
    };
    const output = () => messages.filter((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'output').map((m) => (m as DebugProtocol.OutputEvent).body.output).join('');
    return { messages, request, waitFor, output };
  }

  const noIndex = { indexUrls: [], findLinks: [], directories: [] };

  describe('SandboxDebugSession', () => {
    it('launches debugpy in an ephemeral sandbox over stdio, rewrites paths both ways, and removes the sandbox on disconnect', async () => {
      const received: DebugProtocol.Request[] = [];
      const engine = new FakeEngine({ isolated: true }).onSpawn(isAdapter, fakeDebugpy({ received }));
      const services = servicesOf(engine);
      const session = new SandboxDebugSession({ services, stateDir, actor: 'debug', localIndex: noIndex });
      const dap = client(session);
      assert.equal((await dap.request('initialize', { adapterID: 'snakepit' })).success, true);
      const launched = await dap.request('launch', { program, sandbox: { engine: 'bubblewrap' } });
      assert.equal(launched.success, true, launched.message);

      const [record] = await services.manager.list();
      assert.deepEqual([record.purpose, record.network, record.mounts], ['debug', 'none', [{ hostPath: workspace, sandboxPath: WORKSPACE_IN_SANDBOX, readOnly: true }]]);
      const [adapter] = engine.spawned;
      assert.deepEqual([adapter.argv, adapter.options.cwd], [['python3', '-m', 'debugpy.adapter'], WORKSPACE_IN_SANDBOX]);
      const launch = received.find((r) => r.command === 'launch')!.arguments as Record<string, unknown>;
      assert.deepEqual([launch.program, launch.cwd, launch.console, launch.sandbox], [`${WORKSPACE_IN_SANDBOX}/main.py`, WORKSPACE_IN_SANDBOX, 'internalConsole', undefined]);
      await dap.waitFor((m) => (m as DebugProtocol.Event).event === 'output' && /running/.test((m as DebugProtocol.OutputEvent).body.output));
      assert.match(dap.output(), new RegExp(`running ${program.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'sandbox paths in output are shown as host paths');

      const stack = await dap.request('stackTrace', { threadId: 1 });
      assert.equal((stack.body as DebugProtocol.StackTraceResponse['body']).stackFrames[0].source?.path, program);

      assert.equal((await dap.request('disconnect', {})).success, true);
      await session.finished;
      assert.equal(adapter.running, false);
      assert.deepEqual(await services.manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
      const operations = services.audit.read({ sandbox: record.name }).map((e) => `${e.actor} ${e.operation}:${e.result}`);
      // The exec asks which Python the sandbox runs (for the session's header), beside the adapter's spawn.
      assert.deepEqual([operations[0], ...operations.slice(1, -1).sort(), operations.at(-1)], ['test create:ok', 'debug exec:ok', 'debug spawn:ok', 'test destroy:ok']);
    });

    it('keeps the sandbox when asked (as a user sandbox) and mounts the workspace writable when asked', async () => {
      const engine = new FakeEngine({ isolated: true }).onSpawn(isAdapter, fakeDebugpy());
      const services = servicesOf(engine);
      const session = new SandboxDebugSession({ services, stateDir, localIndex: noIndex });
      const dap = client(session);
      await dap.request('initialize', { adapterID: 'snakepit' });
      assert.equal((await dap.request('launch', { program, writableWorkspace: true, sandbox: { engine: 'bubblewrap', keep: true } })).success, true);
      await dap.request('disconnect', {});
      await session.finished;
      const [kept] = await services.manager.list();
      assert.equal(kept.purpose, 'user', 'a kept sandbox is no longer reaped with its session');
      assert.equal(kept.mounts[0].readOnly, false);
      assert.equal(engine.has(kept.name), true);
    });

    it('ends the session when the adapter dies, saying the sandbox is dead and why, and removes it', async () => {
      const engine = new FakeEngine({ isolated: true }).onSpawn(isAdapter, fakeDebugpy());
      const services = servicesOf(engine);
      const session = new SandboxDebugSession({ services, stateDir, localIndex: noIndex });
      const dap = client(session);
      await dap.request('initialize', { adapterID: 'snakepit' });
      assert.equal((await dap.request('launch', { program, sandbox: { engine: 'bubblewrap' } })).success, true);
      const [record] = await services.manager.list();
      const terminated = dap.waitFor((m) => (m as DebugProtocol.Event).event === 'terminated');
      engine.spawned[0].stderr.write('Fatal Python error: Segmentation fault\n');
      engine.crash(record.name, 'killed: out of memory (limit 1 GiB)', { oomKilled: true });
      await terminated;
      await session.finished;
      assert.match(dap.output(), /the debug adapter in bubblewrap sandbox ".*" \(ephemeral; .*\) ended unexpectedly \(exit code none\); the sandbox is dead: killed: out of memory \(limit 1 GiB\): Fatal Python error: Segmentation fault/);
      assert.deepEqual(await services.manager.list(), []);
    });

    it('fails the launch without debugpy and without a local index, and removes the sandbox it made', async () => {
      const engine = new FakeEngine({ isolated: true }).onSpawn(isAdapter, fakeDebugpy({ available: () => false }));
      const services = servicesOf(engine);
      const session = new SandboxDebugSession({ services, stateDir, localIndex: noIndex });
      const dap = client(session);
      await dap.request('initialize', { adapterID: 'snakepit' });
      const launched = await dap.request('launch', { program, sandbox: { engine: 'bubblewrap' } });
      assert.equal(launched.success, false);
      assert.match(launched.message ?? '', /debugpy is not installed in the sandbox and pip is configured with no local package index/);
      await session.finished;
      assert.equal(engine.callsOf('create').length, 1);
      assert.deepEqual(await services.manager.list(), []);
      assert.deepEqual(await engine.listOwned(), []);
    });

    it('installs debugpy from the local index when the sandbox has none, caches it, and mounts the cached copy next time', async () => {
      const target = '/work/.snakepit-debugpy';
      const engine = new FakeEngine({ isolated: true })
        .onSpawn(isAdapter, fakeDebugpy({ available: (child) => Boolean(child.options.env?.PYTHONPATH) }))
        .onExec(['python3', '-m', 'pip', 'install'], (_argv, { files }) => files.write(`${target}/debugpy/__init__.py`, '# the real one\n'));
      const services = servicesOf(engine);
      const index = { indexUrls: ['file:///srv/index'], findLinks: [], directories: [] };

      const first = new SandboxDebugSession({ services, stateDir, localIndex: index });
      const one = client(first);
      await one.request('initialize', { adapterID: 'snakepit' });
      assert.equal((await one.request('launch', { program, sandbox: { engine: 'bubblewrap' } })).success, true);
      assert.match(one.output(), /debugpy is not installed in the sandbox; installing it from the local package index/);
      assert.match(one.output(), /installed debugpy into the sandbox from file:\/\/\/srv\/index \(network off\); cached for later sessions/);
      const install = engine.callsOf('exec').find((c) => c.argv?.includes('install'))!;
      assert.ok(install.argv?.includes('--target') && install.argv.includes(target) && install.argv.at(-1) === 'debugpy', JSON.stringify(install.argv));
      assert.deepEqual(engine.spawned.map((p) => p.options.env?.PYTHONPATH), [undefined, target]);
      await one.request('disconnect', {});
      await first.finished;

      const second = new SandboxDebugSession({ services, stateDir, localIndex: index });
      const two = client(second);
      await two.request('initialize', { adapterID: 'snakepit' });
      assert.equal((await two.request('launch', { program, sandbox: { engine: 'bubblewrap' } })).success, true);
      assert.doesNotMatch(two.output(), /installing it/);
      const secondCreate = engine.callsOf('create')[1].detail?.spec as { mounts: Array<{ hostPath: string; sandboxPath: string; readOnly: boolean }> };
      const cached = secondCreate.mounts.find((m) => m.sandboxPath === '/tmp/snakepit-debugpy');
      assert.ok(cached && cached.readOnly && fs.existsSync(path.join(cached.hostPath, 'debugpy', '__init__.py')), JSON.stringify(secondCreate.mounts));
      assert.equal(engine.spawned.at(-1)?.options.env?.PYTHONPATH, '/tmp/snakepit-debugpy');
      await two.request('disconnect', {});
      await second.finished;
      assert.deepEqual(await services.manager.list(), []);
    });
  });

  describe('prepareDebugSandbox', () => {
    const request = (choice: DebugSandboxRequest['choice']): DebugSandboxRequest => ({ choice, workspaceFolder: workspace, writableWorkspace: false, extraReadOnly: [], progress: () => undefined });

    it('reuses a named bubblewrap sandbox: this session sees the workspace, the stored sandbox does not change and stays', async () => {
      const engine = new FakeEngine({ isolated: true });
      const services = servicesOf(engine);
      await services.manager.create('bubblewrap', { name: 'mine', purpose: 'user' });
      const sandbox = await prepareDebugSandbox(services, 'debug', request({ name: 'mine' }));
      assert.equal(sandbox.ephemeral, false);
      assert.deepEqual(sandbox.record.mounts, [{ hostPath: workspace, sandboxPath: WORKSPACE_IN_SANDBOX, readOnly: true }]);
      assert.deepEqual(sandbox.mappings, [{ hostRoot: workspace, sandboxRoot: WORKSPACE_IN_SANDBOX }]);
      assert.deepEqual((await services.manager.get('mine')).mounts, []);
      await sandbox.spawn(['python3', '-V']);
      await sandbox.dispose(false);
      await sandbox.dispose(false);
      assert.equal(engine.has('mine'), true);
      assert.equal(engine.callsOf('destroy').length, 0);
    });

    it('reuses a stopped docker sandbox: starts it, copies the workspace in (no mount), and takes the copy away after', async () => {
      const engine = new FakeEngine({ kind: 'docker', isolated: true });
      const services = servicesOf(engine);
      await services.manager.create('docker', { name: 'boxed', purpose: 'user' });
      await services.manager.stop('boxed');
      const sandbox = await prepareDebugSandbox(services, 'debug', request({ name: 'boxed' }));
      assert.equal((await services.manager.health(await services.manager.get('boxed'))).state, 'running');
      const copy = '/work/.snakepit-debug-workspace';
      assert.deepEqual(sandbox.mappings, [{ hostRoot: workspace, sandboxRoot: copy }]);
      assert.equal(engine.files('boxed').readText(`${copy}/main.py`), 'print("hello")\n');
      assert.deepEqual(engine.callsOf('exec').map((c) => c.argv), [['rm', '-rf', copy]]);
      await sandbox.dispose(false);
      assert.deepEqual(engine.callsOf('exec').map((c) => c.argv), [['rm', '-rf', copy], ['rm', '-rf', copy]]);
      assert.equal(engine.has('boxed'), true, 'a named sandbox is never removed by a session');
      assert.deepEqual(services.audit.read({ sandbox: 'boxed' }).map((e) => e.operation), ['create', 'stop', 'start', 'copyIn']);
    });

    it('refuses a named sandbox that is dead or gone, saying why', async () => {
      const engine = new FakeEngine({ kind: 'docker', isolated: true });
      const services = servicesOf(engine);
      await services.manager.create('docker', { name: 'dead', purpose: 'user' });
      engine.crash('dead', 'the container is dead');
      await assert.rejects(prepareDebugSandbox(services, 'debug', request({ name: 'dead' })), /sandbox "dead" cannot run anything: the container is dead; remove it and create it again/);
      await assert.rejects(prepareDebugSandbox(services, 'debug', request({ name: 'nope' })), /no sandbox named "nope"/);
    });

    it('asks the engine, not its name: a Podman sandbox gets the container image and the local indexes; venv ignores both', async () => {
      const index = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-debug-index-'));
      const withIndex = (choice: DebugSandboxRequest['choice']): DebugSandboxRequest => ({ ...request(choice), extraReadOnly: [index] });
      const podman = new FakeEngine({ kind: 'podman', isolated: true });
      const venv = new FakeEngine({ kind: 'venv' });
      const services = servicesOf(podman, venv);
      const boxed = await prepareDebugSandbox(services, 'debug', withIndex({ engine: 'podman', containerImage: 'example.invalid/python:3' }));
      assert.equal(boxed.record.image, 'example.invalid/python:3');
      assert.ok(boxed.record.mounts.some((m) => m.hostPath === index && m.sandboxPath === index && m.readOnly), JSON.stringify(boxed.record.mounts));
      const host = await prepareDebugSandbox(services, 'debug', withIndex({ engine: 'venv', containerImage: 'example.invalid/python:3' }));
      assert.equal(host.record.image, 'python3', 'a container image is not an interpreter');
      assert.deepEqual(host.record.mounts, []);
      assert.deepEqual(host.mappings, [{ hostRoot: workspace, sandboxRoot: workspace }]);
      await boxed.dispose(false);
      await host.dispose(false);
      fs.rmSync(index, { recursive: true, force: true });
    });

    it('refuses an engine that is not available, before creating anything', async () => {
      const engine = new FakeEngine({ isolated: true });
      engine.availability = { ok: false, reason: 'bwrap: setting up uid map: Permission denied' };
      const services = servicesOf(engine);
      await assert.rejects(prepareDebugSandbox(services, 'debug', request({ engine: 'bubblewrap' })), /the bubblewrap engine is not available: bwrap: setting up uid map/);
      assert.equal(engine.callsOf('create').length, 0);
    });
  });
});
