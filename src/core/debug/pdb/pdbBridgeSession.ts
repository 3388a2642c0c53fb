import * as path from 'node:path';
import { Breakpoint, DebugSession, ExitedEvent, InitializedEvent, OutputEvent, Scope, Source, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SandboxProcess } from '../../sandbox/engine';
import { HelperChannel, type HelperEvent } from './helperChannel';

/** What the session needs from whoever started the helper inside a sandbox. */
export interface PdbBridgeTarget {
  /** The running `python -m snakepit_pdb` (see pdbBridgeCommand). */
  process: SandboxProcess;
  /** Host → sandbox path; undefined when the host path is not visible in the sandbox (it is then used as is). */
  toSandbox(hostPath: string): string | undefined;
  /** Sandbox → host path; undefined when the file exists only in the sandbox (served through `source` requests). */
  toHost(sandboxPath: string): string | undefined;
  /** Rewrites sandbox paths in free text (tracebacks on stderr). */
  textToHost?(text: string): string;
  /** Called once when the session ends: stop what `start` made (an ephemeral sandbox, …). */
  dispose?(): Promise<void>;
}

export interface PdbLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** Host path of the program (mapped with toSandbox). */
  program: string;
  args?: string[];
  /** Host path (mapped with toSandbox); default: the program's directory. */
  cwd?: string;
  env?: Record<string, string>;
  stopOnEntry?: boolean;
}

export interface PdbBridgeOptions {
  /** Starts the helper in a sandbox for this launch. A rejection fails the launch with its message. */
  start(args: PdbLaunchArguments): Promise<PdbBridgeTarget>;
}

/** What the pdb bridge can do, reported as is in the initialize response. */
export const PDB_BRIDGE_CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsEvaluateForHovers: true,
  supportsTerminateRequest: true,
  supportsSetVariable: false,
  supportsRestartRequest: false,
  supportsStepBack: false,
  supportsExceptionInfoRequest: true,
  supportsFunctionBreakpoints: false,
  supportsLoadedSourcesRequest: false,
  supportsCompletionsRequest: false,
  supportsSteppingGranularity: false,
  exceptionBreakpointFilters: [{ filter: 'uncaught', label: 'Uncaught Exceptions', description: 'Stop where an exception no code handles was raised (post mortem)', default: true }],
};

const THREAD_ID = 1;
const TERMINATE_GRACE_MS = 2000;

interface HelperFrame {
  id: number;
  name: string;
  path: string;
  line: number;
}

/** A DAP session over python/snakepit_pdb running in a sandbox: for images where debugpy cannot be installed. */
export class PdbBridgeSession extends DebugSession {
  private target: PdbBridgeTarget | undefined;
  private channel: HelperChannel | undefined;
  private readonly sandboxOnlySources = new Map<number, string>();
  private readonly sourceReferenceByPath = new Map<string, number>();
  private exitCode: number | undefined;
  private ended = false;
  private disposed: Promise<void> | undefined;

  constructor(private readonly options: PdbBridgeOptions) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** Never exits the process (the base class would when it does not run as a server). */
  override shutdown(): void {
    void this.end();
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = { ...PDB_BRIDGE_CAPABILITIES };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: PdbLaunchArguments): Promise<void> {
    if (typeof args?.program !== 'string' || !args.program) {
      this.sendErrorResponse(response, 3001, '"program" is missing from the launch configuration: set it to the Python file to debug');
      return;
    }
    try {
      this.target = await this.options.start(args);
      const channel = new HelperChannel(this.target.process);
      this.channel = channel;
      const ready = new Promise<void>((resolve, reject) => {
        channel.on('event', (event: HelperEvent) => (event.event === 'ready' ? resolve() : this.onHelperEvent(event)));
        channel.once('exit', ({ exitCode }: { exitCode: number | null }) => reject(new Error(`the pdb bridge exited (code ${exitCode ?? 'none'}) before it was ready`)));
      });
      let stderr = '';
      channel.on('stderr', (text: string) => {
        stderr += text;
        this.sendEvent(new OutputEvent(this.target?.textToHost?.(text) ?? text, 'stderr'));
      });
      channel.once('exit', ({ exitCode }: { exitCode: number | null }) => void this.onHelperExit(exitCode));
      await ready.catch((error: Error) => {
        throw new Error(`${error.message}${stderr ? `: ${stderr.trim()}` : ''}`);
      });
      const program = this.mapToSandbox(args.program);
      await channel.request('launch', {
        program,
        args: args.args ?? [],
        cwd: args.cwd ? this.mapToSandbox(args.cwd) : path.posix.dirname(program),
        env: args.env ?? {},
        stopOnEntry: args.stopOnEntry === true,
      });
      this.sendResponse(response);
      this.sendEvent(new InitializedEvent());
    } catch (error) {
      this.sendErrorResponse(response, 3002, `could not start the pdb bridge: ${message(error)}`);
      await this.end();
    }
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    await this.forward(response, async () => {
      const hostPath = args.source.path ?? '';
      const wanted: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      const body = await this.helper().request<{ breakpoints: { id?: number; verified: boolean; line: number; message?: string }[] }>('setBreakpoints', {
        path: this.mapToSandbox(hostPath),
        breakpoints: wanted.map((b) => ({ line: b.line, condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage })),
      });
      response.body = {
        breakpoints: body.breakpoints.map((placed) => {
          const breakpoint: DebugProtocol.Breakpoint = new Breakpoint(placed.verified, placed.line, undefined, new Source(path.basename(hostPath), hostPath));
          if (placed.id !== undefined) breakpoint.id = placed.id;
          if (placed.message) breakpoint.message = placed.message;
          return breakpoint;
        }),
      };
    });
  }

  protected override async setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<void> {
    await this.forward(response, () => this.helper().request('setExceptionBreakpoints', { filters: args.filters }));
  }

  protected override async exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): Promise<void> {
    await this.forward(response, async () => {
      const body = await this.helper().request<DebugProtocol.ExceptionInfoResponse['body']>('exceptionInfo');
      const stackTrace = body.details?.stackTrace;
      response.body = stackTrace && this.target?.textToHost ? { ...body, details: { ...body.details, stackTrace: this.target.textToHost(stackTrace) } } : body;
    });
  }

  protected override async configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): Promise<void> {
    await this.forward(response, () => this.helper().request('run'));
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'MainThread')] };
    this.sendResponse(response);
  }

  protected override async stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): Promise<void> {
    await this.forward(response, async () => {
      const body = await this.helper().request<{ stackFrames: HelperFrame[]; totalFrames: number }>('stackTrace', { startFrame: args.startFrame ?? 0, levels: args.levels ?? 0 });
      response.body = {
        stackFrames: body.stackFrames.map((frame): DebugProtocol.StackFrame => ({ id: frame.id, name: frame.name, source: this.sourceFor(frame.path), line: frame.line, column: 1 })),
        totalFrames: body.totalFrames,
      };
    });
  }

  protected override async scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): Promise<void> {
    await this.forward(response, async () => {
      const body = await this.helper().request<{ scopes: { name: string; variablesReference: number }[] }>('scopes', { frameId: args.frameId });
      response.body = { scopes: body.scopes.map((scope) => new Scope(scope.name, scope.variablesReference, false)) };
    });
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    await this.forward(response, async () => {
      response.body = await this.helper().request<DebugProtocol.VariablesResponse['body']>('variables', { variablesReference: args.variablesReference });
    });
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    await this.forward(response, async () => {
      response.body = await this.helper().request<DebugProtocol.EvaluateResponse['body']>('evaluate', { expression: args.expression, frameId: args.frameId, context: args.context });
    });
  }

  protected override async continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    await this.forward(response, async () => {
      await this.helper().request('continue');
      response.body = { allThreadsContinued: true };
    });
  }

  protected override async nextRequest(response: DebugProtocol.NextResponse): Promise<void> {
    await this.forward(response, () => this.helper().request('next'));
  }

  protected override async stepInRequest(response: DebugProtocol.StepInResponse): Promise<void> {
    await this.forward(response, () => this.helper().request('stepIn'));
  }

  protected override async stepOutRequest(response: DebugProtocol.StepOutResponse): Promise<void> {
    await this.forward(response, () => this.helper().request('stepOut'));
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    await this.forward(response, () => this.helper().request('pause'));
  }

  protected override async sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): Promise<void> {
    await this.forward(response, async () => {
      const sandboxPath = this.sandboxOnlySources.get(args.source?.sourceReference ?? args.sourceReference);
      if (!sandboxPath) throw new Error(`no source with reference ${args.sourceReference}`);
      const body = await this.helper().request<{ content: string; missing?: boolean }>('source', { path: sandboxPath });
      if (body.missing) throw new Error(`${sandboxPath} cannot be read in the sandbox`);
      response.body = { content: body.content, mimeType: 'text/x-python' };
    });
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.stopDebuggee();
    this.sendResponse(response);
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.stopDebuggee();
    await this.end();
    this.sendResponse(response);
  }

  private async stopDebuggee(): Promise<void> {
    const channel = this.channel;
    const target = this.target;
    if (!channel || !target || channel.hasEnded) return;
    channel.request('terminate').catch(() => undefined);
    const exited = await Promise.race([target.process.exited.then(() => true), delay(TERMINATE_GRACE_MS).then(() => false)]);
    if (!exited) await target.process.kill().catch(() => undefined);
  }

  private onHelperEvent(event: HelperEvent): void {
    const body = event.body;
    switch (event.event) {
      case 'stopped': {
        const stopped: DebugProtocol.StoppedEvent = new StoppedEvent(String(body.reason ?? 'step'), THREAD_ID, typeof body.text === 'string' ? body.text : undefined);
        stopped.body.allThreadsStopped = true;
        if (typeof body.description === 'string') stopped.body.description = body.description;
        if (Array.isArray(body.hitBreakpointIds)) stopped.body.hitBreakpointIds = body.hitBreakpointIds as number[];
        this.sendEvent(stopped);
        break;
      }
      case 'output':
        this.sendEvent(new OutputEvent(String(body.output ?? ''), String(body.category ?? 'stdout')));
        break;
      case 'exited':
        this.exitCode = typeof body.exitCode === 'number' ? body.exitCode : undefined;
        break;
      default:
        break;
    }
  }

  private async onHelperExit(processExitCode: number | null): Promise<void> {
    const exitCode = this.exitCode ?? processExitCode;
    if (this.exitCode === undefined) {
      this.sendEvent(new OutputEvent(`The pdb bridge ended unexpectedly (exit code ${processExitCode ?? 'none: killed'}).\n`, 'console'));
    }
    if (exitCode !== null) this.sendEvent(new ExitedEvent(exitCode));
    await this.end();
  }

  /** Sends `terminated` once and releases the target once. */
  private end(): Promise<void> {
    if (!this.disposed) {
      this.disposed = (async () => {
        await this.stopDebuggee();
        await this.target?.dispose?.().catch((error: unknown) => this.sendEvent(new OutputEvent(`Cleaning up after the debug session failed: ${message(error)}\n`, 'stderr')));
        if (!this.ended) {
          this.ended = true;
          this.sendEvent(new TerminatedEvent());
        }
      })();
    }
    return this.disposed;
  }

  private helper(): HelperChannel {
    if (!this.channel) throw new Error('the program has not been launched');
    return this.channel;
  }

  private async forward<R extends DebugProtocol.Response>(response: R, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, 3003, message(error));
    }
  }

  private mapToSandbox(hostPath: string): string {
    return this.target?.toSandbox(hostPath) ?? hostPath;
  }

  private sourceFor(sandboxPath: string): DebugProtocol.Source {
    const hostPath = this.target?.toHost(sandboxPath);
    if (hostPath !== undefined) return new Source(path.basename(hostPath), hostPath);
    let reference = this.sourceReferenceByPath.get(sandboxPath);
    if (reference === undefined) {
      reference = this.sourceReferenceByPath.size + 1;
      this.sourceReferenceByPath.set(sandboxPath, reference);
      this.sandboxOnlySources.set(reference, sandboxPath);
    }
    const source: DebugProtocol.Source = new Source(path.posix.basename(sandboxPath), undefined, reference, 'sandbox');
    source.presentationHint = 'deemphasize';
    return source;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
