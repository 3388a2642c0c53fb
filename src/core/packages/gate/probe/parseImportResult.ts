import type { ModuleImport } from './types';

/** How the probe command itself ended, from the engine's ExecResult, for a result the probe could not finish. */
export interface ProbeExit {
  outOfMemory?: boolean;
  timedOut?: boolean;
  /** The engine's words: "killed: out of memory (limit 768 MiB)". */
  reason?: string;
}

/**
 * The import probe's result file. When the whole probe was killed (bubblewrap's memory limit kills
 * every process of the sandbox), the file still lists the finished modules and the one in progress:
 * that one is reported as failed with `exit`'s reason, and the modules never reached are left out.
 * Throws naming what is wrong when the text is not the probe's JSON.
 */
export function parseImportResult(text: string, exit: ProbeExit = {}): ModuleImport[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`The import probe's result is not JSON (${(error as Error).message}); the probe was probably killed before it started`);
  }
  const result = (typeof value === 'object' && value !== null ? value : {}) as { modules?: unknown; complete?: unknown; current?: unknown };
  if (!Array.isArray(result.modules)) throw new Error('The import probe\'s result has no "modules" list');
  const modules = result.modules.map((entry, index) => toModuleImport(entry, index));
  if (result.complete === false && typeof result.current === 'string') modules.push(killedWhileImporting(result.current, exit));
  return modules;
}

function killedWhileImporting(name: string, exit: ProbeExit): ModuleImport {
  const outOfMemory = exit.outOfMemory === true || /out of memory/i.test(exit.reason ?? '');
  const why = exit.reason ?? (outOfMemory ? 'killed: out of memory' : exit.timedOut ? 'timed out' : 'the probe ended without finishing');
  return {
    name,
    ok: false,
    error: `the whole import probe was stopped while importing ${name}: ${why}`,
    importMs: 0,
    peakRssKb: 0,
    timedOut: exit.timedOut === true,
    memoryError: outOfMemory,
    exitCode: null,
    signal: null,
  };
}

function toModuleImport(entry: unknown, index: number): ModuleImport {
  const v = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  if (typeof v.name !== 'string' || typeof v.ok !== 'boolean') {
    throw new Error(`The import probe's result entry ${index} has no module name or ok flag`);
  }
  return {
    name: v.name,
    ok: v.ok,
    error: typeof v.error === 'string' ? v.error : null,
    importMs: numberOr(v.importMs, 0),
    peakRssKb: numberOr(v.peakRssKb, 0),
    timedOut: v.timedOut === true,
    memoryError: v.memoryError === true,
    exitCode: typeof v.exitCode === 'number' ? v.exitCode : null,
    signal: typeof v.signal === 'number' ? v.signal : null,
    ...(v.lingered === true ? { lingered: true } : {}),
    ...(Array.isArray(v.standIns) && v.standIns.length > 0 ? { standIns: v.standIns.filter((s): s is string => typeof s === 'string') } : {}),
  };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
