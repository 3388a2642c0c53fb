import type { DebugProtocol } from '@vscode/debugprotocol';
import type { PathMapper } from './pathMapper';
import type { SandboxSources } from './sandboxSources';

/**
 * Host↔sandbox path rewriting of DAP messages. Every `source` / `sources` object
 * anywhere in a message is rewritten, so requests and events added by later DAP
 * versions are covered too; free text that carries paths (output, exception stack
 * traces) has the sandbox roots replaced.
 */
export class MessageRewriter {
  constructor(
    private readonly mapper: PathMapper,
    private readonly sources: SandboxSources,
  ) {}

  /** A request from the client, in place: host paths become sandbox paths. */
  toSandbox(request: DebugProtocol.Request): void {
    if (request.arguments) walkSources(request.arguments, (source) => this.sourceToSandbox(source));
  }

  /** A response or event from the adapter, in place: sandbox paths become host paths. */
  toHost(message: DebugProtocol.Response | DebugProtocol.Event): void {
    const body = (message as { body?: unknown }).body;
    if (!body || typeof body !== 'object') return;
    walkSources(body, (source) => this.sourceToHost(source));
    if (message.type === 'event') this.eventTextToHost(message as DebugProtocol.Event);
    else this.responseTextToHost(message as DebugProtocol.Response);
  }

  private sourceToSandbox(source: DebugProtocol.Source): void {
    const sandboxOnly = this.sources.pathOf(source.sourceReference);
    if (sandboxOnly !== undefined) {
      source.path = sandboxOnly;
      delete source.sourceReference;
      return;
    }
    if (source.path) source.path = this.mapper.toSandbox(source.path) ?? source.path;
  }

  private sourceToHost(source: DebugProtocol.Source): void {
    if (!source.path) return;
    const host = this.mapper.toHost(source.path);
    if (host !== undefined) {
      source.path = host;
    } else if (!source.sourceReference && source.path.startsWith('/')) {
      source.sourceReference = this.sources.reference(source.path);
      source.origin ??= 'sandbox';
    }
  }

  private eventTextToHost(event: DebugProtocol.Event): void {
    const body = event.body as Record<string, unknown>;
    if (event.event === 'output' && typeof body.output === 'string') body.output = this.mapper.textToHost(body.output);
    if (event.event === 'module') {
      const module = body.module as DebugProtocol.Module | undefined;
      if (module?.path) module.path = this.mapper.toHost(module.path) ?? module.path;
    }
  }

  private responseTextToHost(response: DebugProtocol.Response): void {
    if (response.command === 'exceptionInfo') {
      for (let details = (response.body as DebugProtocol.ExceptionInfoResponse['body']).details; details; details = details.innerException?.[0]) {
        if (details.stackTrace) details.stackTrace = this.mapper.textToHost(details.stackTrace);
      }
    }
    if (response.command === 'modules') {
      for (const module of (response.body as DebugProtocol.ModulesResponse['body']).modules ?? []) {
        if (module.path) module.path = this.mapper.toHost(module.path) ?? module.path;
      }
    }
  }
}

/** Calls `visit` on every object under a `source` key or in a `sources` array. */
function walkSources(value: unknown, visit: (source: DebugProtocol.Source) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkSources(item, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'source' && child && typeof child === 'object' && !Array.isArray(child)) visit(child as DebugProtocol.Source);
    else if (key === 'sources' && Array.isArray(child)) for (const item of child) if (item && typeof item === 'object') visit(item as DebugProtocol.Source);
    walkSources(child, visit);
  }
}
