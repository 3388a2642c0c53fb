import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { verificationSourcesFor } from '../environments/verificationSources';
import { sandboxDependencies, workspaceEnvironment, type SandboxDependencies } from '../environments/sandboxDependencies';
import type { GateDirs } from '../packages/gate/request';
import { describePython, parsePythonIdentity, PYTHON_IDENTITY_SCRIPT } from '../sandbox/pythonIdentity';
import type { SandboxServices } from '../sandbox/sandboxServices';
import { debugpyBackend, pdbBackend, type DapBackend } from './backend';
import { changedCapabilities, DEBUGPY_CAPABILITIES } from './capabilities';
import { DebugpyCache } from './debugpyCache';
import { prepareDebugSandbox, type DebugSandbox } from './debugSandbox';
import { toDebugpyArguments, type ForwardedArguments } from './debugpyArguments';
import { checkDebugArguments, readEnvFile, userPathMappings, type SnakepitDebugArguments } from './launchConfig';
import { findLocalIndex, type LocalIndex } from './localIndex';
import { PathMapper } from './pathMapper';
import { pdbBridgeCommand } from './pdb';
import { installDebugpy } from './provisionDebugpy';
import { MessageRewriter } from './rewriteMessages';
import { SandboxSources } from './sandboxSources';

export interface SandboxDebugSessionOptions {
  services: SandboxServices;
  /** Where the debugpy cache lives (`<stateDir>/debug/debugpy`). */
  stateDir: string;
  /** Who acts, for the audit log. */
  actor?: string;
  /** Snakepit's python/ helpers on the host (for the pdb bridge); omitted: no pdb fallback. */
  helpersDir?: string;
  /** Overrides pip's configuration lookup (tests). */
  localIndex?: LocalIndex;
  /** Seconds to wait for debugpy's adapter to answer `initialize`. */
  adapterStartTimeoutMs?: number;
  /** The gate's history and artifact cache: the workspace environment's verified wheels come from there. Omitted: none are provided. */
  gateDirs?: GateDirs;
}

/** The custom DAP event that says what the sandbox got of the workspace environment (body: ProvidedDependencies). */
export const DEPENDENCIES_EVENT = 'snakepitDependencies';

/** Copies stdin to a TCP connection inside the sandbox and the connection back to stdout. */
const SOCKET_RELAY = [
  'import os, socket, sys, threading',
  's = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)',
  's.settimeout(None)',
  'def up():',
  '    while True:',
  '        data = os.read(0, 65536)',
  '        if not data:',
  '            s.shutdown(socket.SHUT_WR)',
  '            return',
  '        s.sendall(data)',
  'threading.Thread(target=up, daemon=True).start()',
  'while True:',
  '    data = s.recv(65536)',
  '    if not data:',
  '        break',
  '    os.write(1, data)',
].join('\n');

type Message = DebugProtocol.ProtocolMessage;
type Listener = (message: Message) => void;
interface Pending {
  clientSeq: number;
  command: string;
  internal?: (response: DebugProtocol.Response) => void;
}

/**
 * A DAP session whose debugger runs inside a Snakepit sandbox: messages are proxied to
 * `python -m debugpy.adapter` started in the sandbox over the engine's stdio (no port, no
 * network), with host↔sandbox paths rewritten both ways; the pdb bridge stands in where
 * debugpy cannot be had. Usable inline (handleMessage / onDidSendMessage, like
 * vscode.DebugAdapter) and over stdio (see runOverStdio).
 */
export class SandboxDebugSession {
  private readonly listeners = new Set<Listener>();
  private clientSeq = 0;
  private backendSeq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Reverse requests from the backend forwarded to the client: our seq → the backend's seq. */
  private readonly reverse = new Map<number, number>();
  private state: 'new' | 'starting' | 'running' | 'ending' | 'ended' = 'new';
  private queued: DebugProtocol.Request[] = [];
  private initializeArgs: DebugProtocol.InitializeRequestArguments = { adapterID: 'snakepit' };
  private told: DebugProtocol.Capabilities = DEBUGPY_CAPABILITIES;
  private sandbox?: DebugSandbox;
  private backend?: DapBackend;
  private rewriter?: MessageRewriter;
  private readonly sources = new SandboxSources();
  private keep = false;
  private ending?: Promise<void>;
  private starting?: Promise<void>;

  constructor(private readonly options: SandboxDebugSessionOptions) {}

  onDidSendMessage = (listener: Listener): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  handleMessage(message: Message): void {
    if (message.type === 'request') this.onClientRequest(message as DebugProtocol.Request);
    else if (message.type === 'response') this.onClientResponse(message as DebugProtocol.Response);
  }

  dispose(): void {
    void this.end();
  }

  /** Resolves once the session has ended and its sandbox is gone (or kept). */
  get finished(): Promise<void> {
    return this.ending ?? Promise.resolve();
  }

  private send(message: Omit<Message, 'seq'> & { seq?: number }): void {
    const out = { ...message, seq: ++this.clientSeq } as Message;
    for (const listener of [...this.listeners]) listener(out);
  }

  private respond(request: DebugProtocol.Request, body?: unknown, error?: string): void {
    this.send({ type: 'response', request_seq: request.seq, command: request.command, success: !error, ...(error ? { message: error, body: { error: { id: 1, format: error, showUser: true } } } : { body }) } as DebugProtocol.Response);
  }

  /** Says which Python the program runs with (the one `python3` finds in the sandbox, as the adapter does). */
  private async reportPython(sandbox: DebugSandbox): Promise<void> {
    try {
      const result = await sandbox.exec(['python3', '-c', PYTHON_IDENTITY_SCRIPT], { timeoutMs: 30_000 });
      const identity = result.exitCode === 0 ? parsePythonIdentity(result.stdout) : undefined;
      this.output(identity ? `Snakepit: ${describePython(identity)}` : `Snakepit: could not tell which Python the sandbox runs (python3 exited with ${result.exitCode})`);
    } catch (error) {
      this.output(`Snakepit: could not tell which Python the sandbox runs: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private output(text: string, category: 'console' | 'stderr' | 'important' = 'console'): void {
    this.send({ type: 'event', event: 'output', body: { category, output: text.endsWith('\n') ? text : `${text}\n` } } as DebugProtocol.OutputEvent);
  }

  private onClientRequest(request: DebugProtocol.Request): void {
    if (request.command === 'initialize') {
      this.initializeArgs = request.arguments ?? this.initializeArgs;
      this.respond(request, this.told);
      return;
    }
    if ((request.command === 'launch' || request.command === 'attach') && this.state === 'new') {
      this.state = 'starting';
      void this.start(request);
      return;
    }
    if (request.command === 'disconnect' || (request.command === 'terminate' && this.state !== 'running')) {
      if (this.state === 'running' && this.backend) this.forward(request);
      else void this.end().then(() => this.respond(request));
      return;
    }
    if (this.state === 'starting') {
      this.queued.push(request);
      return;
    }
    if (request.command === 'source' && this.sources.pathOf((request.arguments as DebugProtocol.SourceArguments).source?.sourceReference ?? request.arguments?.sourceReference)) {
      void this.serveSandboxSource(request);
      return;
    }
    if (this.state !== 'running' || !this.backend) {
      this.respond(request, undefined, `the debug session has ${this.state === 'new' ? 'not started (send launch or attach first)' : 'ended'}`);
      return;
    }
    this.forward(request);
  }

  private onClientResponse(response: DebugProtocol.Response): void {
    const backendSeq = this.reverse.get(response.request_seq);
    if (backendSeq === undefined || !this.backend) return;
    this.reverse.delete(response.request_seq);
    this.backend.send({ ...response, seq: ++this.backendSeq, request_seq: backendSeq } as Message);
  }

  private forward(request: DebugProtocol.Request): void {
    const copy = JSON.parse(JSON.stringify(request)) as DebugProtocol.Request;
    if (this.backend?.kind === 'debugpy') this.rewriter?.toSandbox(copy);
    const seq = ++this.backendSeq;
    this.pending.set(seq, { clientSeq: request.seq, command: request.command });
    this.backend!.send({ ...copy, seq });
  }

  private requestBackend(command: string, args: unknown): Promise<DebugProtocol.Response> {
    return new Promise((resolve) => {
      const seq = ++this.backendSeq;
      this.pending.set(seq, { clientSeq: 0, command, internal: resolve });
      this.backend!.send({ type: 'request', seq, command, arguments: args } as DebugProtocol.Request);
    });
  }

  private onBackendMessage(message: Message): void {
    if (message.type === 'response') {
      const response = message as DebugProtocol.Response;
      const pending = this.pending.get(response.request_seq);
      if (!pending) return;
      this.pending.delete(response.request_seq);
      if (pending.internal) return pending.internal(response);
      if (this.backend?.kind === 'debugpy') this.rewriter?.toHost(response);
      const out = { ...response, request_seq: pending.clientSeq };
      if (response.command === 'disconnect') void this.end().then(() => this.send(out));
      else this.send(out);
    } else if (message.type === 'event') {
      const event = message as DebugProtocol.Event;
      if (this.backend?.kind === 'debugpy') this.rewriter?.toHost(event);
      this.send(event);
    } else if (message.type === 'request') {
      this.onBackendRequest(message as DebugProtocol.Request);
    }
  }

  /** runInTerminal would run debugpy's launcher on the host: refused (the launch asks for the debug console). Others go to the client. */
  private onBackendRequest(request: DebugProtocol.Request): void {
    if (request.command === 'runInTerminal' || request.command === 'startDebugging') {
      this.backend?.send({ type: 'response', seq: ++this.backendSeq, request_seq: request.seq, command: request.command, success: false, message: `Snakepit does not run ${request.command} on the host: everything runs inside the sandbox` } as DebugProtocol.Response);
      return;
    }
    const seq = this.clientSeq + 1;
    this.reverse.set(seq, request.seq);
    this.send({ ...request });
  }

  private start(request: DebugProtocol.Request): Promise<void> {
    this.starting = this.startSession(request);
    return this.starting;
  }

  private async startSession(request: DebugProtocol.Request): Promise<void> {
    const kind = request.command as 'launch' | 'attach';
    const t0 = performance.now();
    const timing = (what: string) => {
      if (process.env.SNAKEPIT_DEBUG_TIMING) this.output(`Snakepit timing: ${what} +${(performance.now() - t0).toFixed(0)} ms`);
    };
    try {
      const args = checkDebugArguments((request.arguments ?? {}) as SnakepitDebugArguments, kind);
      this.keep = Boolean(args.sandbox?.keep);
      const index = this.options.localIndex ?? findLocalIndex();
      const cache = new DebugpyCache(path.join(this.options.stateDir, 'debug', 'debugpy'));
      const dependencies = await this.workspaceDependencies(args);
      timing('workspace environment checked');
      this.sandbox = await prepareDebugSandbox(this.options.services, this.options.actor ?? 'debug', {
        choice: args.sandbox ?? {},
        workspaceFolder: args.workspaceFolder,
        writableWorkspace: Boolean(args.writableWorkspace),
        cachedDebugpy: (engine, image) => cache.find(engine, image),
        extraReadOnly: index.directories,
        helpersDir: this.options.helpersDir,
        dependencies,
        progress: (message) => this.output(message),
      });
      timing('sandbox ready');
      if (this.state !== 'starting') return;
      this.output(`Snakepit: debugging in ${this.sandbox.describe}`);
      // Beside the adapter's start, not before it: the answer costs one command in the sandbox.
      const pythonReported = this.reportPython(this.sandbox);
      const mapper = new PathMapper([...userPathMappings(args), ...this.sandbox.mappings]);
      this.rewriter = new MessageRewriter(mapper, this.sources);
      this.backend = kind === 'attach' && args.connect ? await this.connectToListener(this.sandbox, args.connect) : await this.startBackend(this.sandbox, mapper, index, cache);
      timing(`${this.backend.kind} adapter initialized`);
      const [, provided] = await Promise.all([pythonReported, this.sandbox.dependenciesReady]);
      timing('workspace dependencies ready');
      // For clients that offer to validate what is missing (the extension does); others ignore unknown events.
      if (provided) this.send({ type: 'event', event: DEPENDENCIES_EVENT, body: provided } as DebugProtocol.Event);
      if (this.state !== 'starting') return;
      this.watchBackend(this.backend);
      const forwarded: ForwardedArguments =
        this.backend.kind === 'debugpy' ? toDebugpyArguments(args, kind, mapper, this.sandbox) : { arguments: { ...args, env: { ...(args.envFile ? readEnvFile(args.envFile) : {}), ...(args.env ?? {}) } }, notes: [] };
      for (const note of forwarded.notes ?? []) this.output(`Snakepit: ${note}`);
      this.state = 'running';
      this.forward({ ...request, arguments: forwarded.arguments });
      for (const queued of this.queued.splice(0)) this.onClientRequest(queued);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A disconnect during start already ends the session (and waits for this start): do not wait for it here.
      if (!this.ending) {
        this.starting = undefined;
        await this.end();
      }
      this.respond(request, undefined, message);
    }
  }

  /**
   * What of the workspace environment an ephemeral sandbox gets (`sandbox.dependencies`, default `workspace`). A named
   * sandbox is the user's and is used as it is.
   */
  private async workspaceDependencies(args: SnakepitDebugArguments & { workspaceFolder: string }): Promise<SandboxDependencies | undefined> {
    const gateDirs = this.options.gateDirs;
    if (!gateDirs || args.sandbox?.dependencies === 'none') return undefined;
    const environment = workspaceEnvironment(args.workspaceFolder);
    if (!environment) return undefined;
    if (args.sandbox?.name) {
      this.output(`Snakepit: sandbox "${args.sandbox.name}" is used as it is: packages of the workspace's ${environment.name} are installed only into ephemeral sandboxes`);
      return undefined;
    }
    this.output(`Snakepit: checking the workspace's ${environment.name} against the gate's verdicts (set "sandbox": { "dependencies": "none" } to skip)`);
    try {
      return await sandboxDependencies(args.workspaceFolder, verificationSourcesFor(gateDirs));
    } catch (error) {
      this.output(`Snakepit: could not read the workspace's ${environment.name}; none of its packages are provided: ${error instanceof Error ? error.message : String(error)}`, 'stderr');
      return undefined;
    }
  }

  /** debugpy from the sandbox or the cache; else installed from the local index; else the pdb bridge. */
  private async startBackend(sandbox: DebugSandbox, mapper: PathMapper, index: LocalIndex, cache: DebugpyCache): Promise<DapBackend> {
    const first = await this.startDebugpy(sandbox, sandbox.debugpyPath);
    if ('backend' in first) return first.backend;
    if (!/No module named .?debugpy/.test(first.failure)) throw new Error(first.failure);
    this.output(`Snakepit: debugpy is not installed in the sandbox; installing it from the local package index (network stays off)…`);
    const installed = await installDebugpy(sandbox, index, cache);
    if (installed.ok) {
      this.output(`Snakepit: ${installed.note}`);
      const second = await this.startDebugpy(sandbox, installed.pythonPath);
      if ('backend' in second) return second.backend;
      throw new Error(second.failure);
    }
    if (!sandbox.helpersPath) throw new Error(`${installed.reason}; and the pdb bridge's helpers are not available`);
    this.output(`Snakepit: ${installed.reason}. Falling back to the pdb bridge: breakpoints (with conditions), stepping, stack, variables, evaluate and stopping at uncaught exceptions work; breaking on caught exceptions, set variable and restart do not.`, 'important');
    const helpersPath = sandbox.helpersPath;
    const backend = pdbBackend({
      spawnHelper: async () => {
        const command = pdbBridgeCommand(helpersPath);
        return sandbox.spawn(command.argv, { env: command.env, cwd: sandbox.mappings[0]?.sandboxRoot });
      },
      toSandbox: (p) => mapper.toSandbox(p),
      toHost: (p) => mapper.toHost(p),
      textToHost: (t) => mapper.textToHost(t),
    });
    this.backend = backend;
    backend.onMessage((message) => this.onBackendMessage(message));
    const response = await this.requestBackend('initialize', this.initializeArgs);
    this.tellCapabilities((response.body ?? {}) as DebugProtocol.Capabilities);
    return backend;
  }

  /**
   * `python -m debugpy --listen` started its own adapter on a port inside the sandbox: reach it
   * through a relay run in the sandbox (stdio ↔ that port), so no port is ever opened to the host.
   */
  private async connectToListener(sandbox: DebugSandbox, connect: { host?: string; port: number }): Promise<DapBackend> {
    const started = await this.startDebugpy(sandbox, undefined, ['python3', '-c', SOCKET_RELAY, connect.host ?? '127.0.0.1', String(connect.port)]);
    if ('backend' in started) return started.backend;
    throw new Error(`could not reach a debugpy server on ${connect.host ?? '127.0.0.1'}:${connect.port} inside sandbox "${sandbox.record.name}": ${started.failure}`);
  }

  private async startDebugpy(sandbox: DebugSandbox, pythonPath: string | undefined, argv = ['python3', '-m', 'debugpy.adapter']): Promise<{ backend: DapBackend } | { failure: string }> {
    const process = await sandbox.spawn(argv, {
      cwd: sandbox.mappings[0]?.sandboxRoot,
      env: pythonPath ? { PYTHONPATH: pythonPath } : {},
    });
    const backend = debugpyBackend(process);
    this.backend = backend;
    backend.onMessage((message) => this.onBackendMessage(message));
    const timeoutMs = this.options.adapterStartTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.requestBackend('initialize', this.initializeArgs).then((response) => ({ response })),
      backend.ended.then((ended) => ({ ended })),
      new Promise<{ timeout: true }>((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), timeoutMs))),
    ]);
    clearTimeout(timer);
    if ('response' in outcome) {
      if (!outcome.response.success) {
        await backend.stop();
        return { failure: `debugpy's adapter refused initialize: ${outcome.response.message}` };
      }
      this.tellCapabilities((outcome.response.body ?? {}) as DebugProtocol.Capabilities);
      return { backend };
    }
    this.backend = undefined;
    this.pending.clear();
    await backend.stop();
    if ('timeout' in outcome) return { failure: `debugpy's adapter did not answer within ${timeoutMs / 1000} s` };
    return { failure: `debugpy's adapter could not start in the sandbox (exit code ${outcome.ended.exitCode}): ${outcome.ended.stderr.trim().split('\n').slice(-3).join(' ')}` };
  }

  private tellCapabilities(actual: DebugProtocol.Capabilities): void {
    const changed = changedCapabilities(this.told, actual);
    if (Object.keys(changed).length === 0) return;
    this.told = actual;
    this.send({ type: 'event', event: 'capabilities', body: { capabilities: changed } } as DebugProtocol.CapabilitiesEvent);
  }

  /** An adapter that ends on its own (crash, dead sandbox) ends the session, saying what happened. */
  private watchBackend(backend: DapBackend): void {
    void backend.ended.then(async ({ exitCode, stderr }) => {
      if (this.state !== 'running' || this.backend !== backend) return;
      const sandboxState = await this.sandboxTrouble();
      const detail = stderr.trim() ? `: ${stderr.trim().split('\n').slice(-5).join('\n')}` : '';
      this.output(`Snakepit: the debug adapter in ${this.sandbox?.describe ?? 'the sandbox'} ended unexpectedly (exit code ${exitCode ?? 'none'}${exitCode === 137 ? ': killed' : ''})${sandboxState}${detail}`, 'stderr');
      for (const [seq, pending] of this.pending) {
        this.pending.delete(seq);
        if (!pending.internal) this.send({ type: 'response', request_seq: pending.clientSeq, command: pending.command, success: false, message: 'the debug adapter ended' } as DebugProtocol.Response);
      }
      await this.end();
      this.send({ type: 'event', event: 'terminated', body: {} } as DebugProtocol.TerminatedEvent);
    });
  }

  /** "; the sandbox is missing: …" when the sandbox itself is gone or broken (a docker container settles within a moment). */
  private async sandboxTrouble(): Promise<string> {
    const sandbox = this.sandbox;
    if (!sandbox) return '';
    for (let attempt = 0; attempt < 5; attempt++) {
      const health = await this.options.services.manager.health(sandbox.record).catch(() => undefined);
      if (!health) return '';
      const normal = health.state === 'running' || (health.state === 'stopped' && !sandbox.engine.traits.staysRunning);
      if (!normal) return `; the sandbox is ${health.state}${health.reason ? `: ${health.reason}` : ''}`;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return '';
  }

  private async serveSandboxSource(request: DebugProtocol.Request): Promise<void> {
    const args = request.arguments as DebugProtocol.SourceArguments;
    const sandboxPath = this.sources.pathOf(args.source?.sourceReference ?? args.sourceReference)!;
    if (!this.sandbox) return this.respond(request, undefined, 'the sandbox is gone');
    const result = await this.sandbox.exec(['cat', '--', sandboxPath], { timeoutMs: 10_000 }).catch((error: unknown) => ({ exitCode: -1, stdout: '', stderr: String(error) }));
    if (result.exitCode !== 0) return this.respond(request, undefined, `could not read ${sandboxPath} in the sandbox: ${result.stderr.trim()}`);
    this.respond(request, { content: result.stdout, mimeType: 'text/x-python' });
  }

  /** Stops the debugger and removes an ephemeral sandbox (unless `keep`); runs once. */
  private end(): Promise<void> {
    this.ending ??= (async () => {
      this.state = 'ending';
      await this.starting;
      try {
        await this.backend?.stop();
      } finally {
        try {
          await this.sandbox?.dispose(this.keep);
        } catch (error) {
          this.output(`Snakepit: could not remove the sandbox: ${error instanceof Error ? error.message : String(error)}`, 'stderr');
        }
        this.state = 'ended';
      }
    })();
    return this.ending;
  }
}
