import type { DebugProtocol } from '@vscode/debugprotocol';

/**
 * What debugpy's adapter answers to `initialize` (debugpy/adapter/clients.py). The client
 * needs an answer before the launch configuration says which sandbox to start, so this is
 * sent first; once the real adapter runs, any difference goes out as a `capabilities` event.
 */
// debugpy spells one key `supportsTerminateDebuggee` (DAP: supportTerminateDebuggee); kept as debugpy sends it.
export const DEBUGPY_CAPABILITIES = {
  supportsCompletionsRequest: true,
  supportsConditionalBreakpoints: true,
  supportsConfigurationDoneRequest: true,
  supportsDelayedStackTraceLoading: true,
  supportsEvaluateForHovers: true,
  supportsExceptionInfoRequest: true,
  supportsExceptionOptions: true,
  supportsFunctionBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsModulesRequest: true,
  supportsSetExpression: true,
  supportsSetVariable: true,
  supportsValueFormattingOptions: true,
  supportsTerminateDebuggee: true,
  supportsTerminateRequest: true,
  supportsGotoTargetsRequest: true,
  supportsClipboardContext: true,
  supportsStepInTargetsRequest: true,
  exceptionBreakpointFilters: [
    { filter: 'raised', label: 'Raised Exceptions', default: false, description: 'Break whenever any exception is raised.' },
    { filter: 'uncaught', label: 'Uncaught Exceptions', default: true, description: 'Break when the process is exiting due to unhandled exception.' },
    { filter: 'userUnhandled', label: 'User Uncaught Exceptions', default: false, description: 'Break when exception escapes into library code.' },
  ],
} as DebugProtocol.Capabilities;

/** The capabilities in `actual` that differ from what the client was told. */
export function changedCapabilities(told: DebugProtocol.Capabilities, actual: DebugProtocol.Capabilities): DebugProtocol.Capabilities {
  const changed: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(told), ...Object.keys(actual)]);
  for (const key of keys) {
    const before = (told as Record<string, unknown>)[key];
    const after = (actual as Record<string, unknown>)[key];
    if (JSON.stringify(before) !== JSON.stringify(after)) changed[key] = after ?? (typeof before === 'boolean' ? false : []);
  }
  return changed as DebugProtocol.Capabilities;
}
