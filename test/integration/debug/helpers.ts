import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { EngineKind } from '../../../src/core/sandbox/engine';
import { createSandboxServices } from '../../../src/core/sandbox/sandboxServices';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const adapterScript = path.join(repoRoot, 'dist', 'debugAdapter.js');
/** The debug fixture: a program, a module it imports, an uncaught exception, a program that never ends. */
export const workspace = path.join(repoRoot, 'test', 'fixtures', 'workspace', 'debug');
export const fixture = (name: string): string => path.join(workspace, name);
/** Sandbox paths must never reach the client: this is where the workspace is mounted. */
export const SANDBOX_WORKSPACE = '/work/workspace';
// Generous: on a busy machine installing debugpy into a fresh sandbox alone can take a minute.
export const WAIT_MS = 120_000;

export interface Breakpoints {
  [file: string]: DebugProtocol.SourceBreakpoint[];
}

/** A real `node dist/debugAdapter.js` with its own state dir; remembers every output event and the sandbox it reports. */
export class Session {
  readonly client: DebugClient;
  readonly outputs: DebugProtocol.OutputEvent['body'][] = [];
  sandboxName?: string;
  /** Stopped events not yet consumed by waitForStop (they can arrive before the launch response). */
  private readonly stops: DebugProtocol.StoppedEvent[] = [];

  constructor(
    readonly stateDir: string,
    env: Record<string, string> = {},
  ) {
    if (!fs.existsSync(adapterScript)) throw new Error(`${adapterScript} is missing: run \`node esbuild.js\` first`);
    this.client = new DebugClient('node', adapterScript, 'snakepit', { env: { ...process.env, ...env, SNAKEPIT_STATE_DIR: stateDir } });
    this.client.defaultTimeout = WAIT_MS;
    this.client.on('stopped', (event: DebugProtocol.StoppedEvent) => this.stops.push(event));
    this.client.on('output', (event: DebugProtocol.OutputEvent) => {
      this.outputs.push(event.body);
      this.sandboxName ??= /sandbox "([a-z0-9_.-]+)"/.exec(event.body.output)?.[1];
    });
  }

  get outputText(): string {
    return this.outputs.map((o) => o.output).join('');
  }

  async start(): Promise<void> {
    await this.client.start();
  }

  /** initialize → launch → (initialized) breakpoints, exception filters → configurationDone. Resolves with the launch response. */
  async launch(args: Record<string, unknown>, breakpoints: Breakpoints = {}, exceptionFilters: string[] = []): Promise<DebugProtocol.SetBreakpointsResponse[]> {
    const initialized = this.client.waitForEvent('initialized', WAIT_MS);
    const launched = this.client.launch({ workspaceFolder: workspace, ...args });
    launched.catch(() => undefined);
    await Promise.race([initialized, launched]);
    await initialized.catch((error: Error) => {
      throw new Error(`${error.message}; the adapter said:\n${this.outputText}`);
    });
    const responses: DebugProtocol.SetBreakpointsResponse[] = [];
    for (const [file, list] of Object.entries(breakpoints)) responses.push(await this.client.setBreakpointsRequest({ source: { path: path.isAbsolute(file) ? file : fixture(file) }, breakpoints: list }));
    await this.client.setExceptionBreakpointsRequest({ filters: exceptionFilters });
    await this.client.configurationDoneRequest();
    await launched;
    return responses;
  }

  async waitForStop(reason?: string): Promise<DebugProtocol.StoppedEvent> {
    const deadline = Date.now() + WAIT_MS;
    while (this.stops.length === 0) {
      if (Date.now() > deadline) throw new Error(`no stopped event within ${WAIT_MS} ms; output so far:\n${this.outputText}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const event = this.stops.shift()!;
    if (reason) assert.equal(event.body.reason, reason);
    return event;
  }

  async topFrames(threadId?: number): Promise<DebugProtocol.StackFrame[]> {
    const thread = threadId ?? (await this.client.threadsRequest()).body.threads[0].id;
    return (await this.client.stackTraceRequest({ threadId: thread })).body.stackFrames;
  }

  async where(): Promise<{ file: string; line: number; frame: DebugProtocol.StackFrame }> {
    const [frame] = await this.topFrames();
    return { file: frame.source?.path ?? '', line: frame.line, frame };
  }

  async locals(frameId: number): Promise<Record<string, string>> {
    const scopes = (await this.client.scopesRequest({ frameId })).body.scopes;
    const local = scopes.find((s) => /local/i.test(s.name)) ?? scopes[0];
    const variables = (await this.client.variablesRequest({ variablesReference: local.variablesReference })).body.variables;
    return Object.fromEntries(variables.map((v) => [v.name, v.value]));
  }

  async evaluate(expression: string, frameId: number): Promise<string> {
    return (await this.client.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.outputText)) {
      if (Date.now() > deadline) throw new Error(`no output matching ${pattern} within ${timeoutMs} ms; got:\n${this.outputText}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** disconnect (which answers only once the sandbox is gone), then the adapter process is stopped. */
  async stop(): Promise<void> {
    await this.client.stop();
  }
}

export function tempStateDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-debug-state-'));
}

/** Nothing of the sandbox is left: no record, nothing the engine holds, no directory. */
export async function assertNothingLeft(stateDir: string, engine: EngineKind, sandboxName: string | undefined): Promise<void> {
  assert.ok(sandboxName, 'the session named its sandbox in an output event');
  const services = createSandboxServices(stateDir, 'test');
  assert.deepEqual((await services.manager.list()).map((r) => r.name), [], 'no sandbox record is left');
  const owned = (await services.engines[engine]!.listOwned()).filter((r) => r.sandbox === sandboxName);
  assert.deepEqual(owned, [], `the ${engine} engine holds nothing of ${sandboxName}`);
  const root = path.join(stateDir, 'sandboxes');
  if (fs.existsSync(root)) assert.deepEqual(fs.readdirSync(root).filter((entry) => !entry.startsWith('.')), [], 'no sandbox directory is left');
}

/** Every frame that has a path names a host file of the workspace (or is served by reference); no sandbox path leaks. */
export function assertHostPaths(frames: DebugProtocol.StackFrame[]): void {
  assert.ok(frames.length > 0);
  for (const frame of frames) {
    const source = frame.source;
    if (!source?.path) continue;
    assert.ok(!source.path.startsWith(SANDBOX_WORKSPACE), `frame ${frame.name} has a sandbox path: ${source.path}`);
    if (source.path.startsWith(workspace)) assert.ok(fs.existsSync(source.path), `${source.path} exists on the host`);
    else assert.ok((source.sourceReference ?? 0) > 0, `frame ${frame.name} outside the workspace (${source.path}) is served by reference`);
  }
}
