import type { HookMarker } from '../witness/unseenActions';
import type { ProbeEvent, ProbeEventKind } from './types';

const PHASES = new Set(['install', 'import', 'test']);
const KINDS = new Set<ProbeEventKind>(['network', 'process', 'write', 'sensitive-read', 'env-read', 'native', 'dynamic-code', 'browser']);

/**
 * The probe's JSON-lines events. A process killed mid-write leaves a truncated last line, and a
 * hostile package may write junk into the file: lines that are not a well-formed event are skipped.
 */
export function parseProbeEvents(text: string): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const event = toEvent(value);
    if (event) events.push(event);
  }
  return events;
}

function toEvent(value: unknown): ProbeEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.phase !== 'string' || !PHASES.has(v.phase)) return undefined;
  if (typeof v.event !== 'string' || typeof v.detail !== 'string') return undefined;
  if (typeof v.kind !== 'string' || !KINDS.has(v.kind as ProbeEventKind)) return undefined;
  const event: ProbeEvent = { phase: v.phase as ProbeEvent['phase'], event: v.event, kind: v.kind as ProbeEventKind, detail: v.detail };
  if (typeof v.module === 'string') event.module = v.module;
  if (v.blocked === true) event.blocked = true;
  if (typeof v.origin === 'string') event.origin = v.origin;
  if (typeof v.pid === 'number') event.pid = v.pid;
  if (typeof v.t === 'number') event.t = v.t;
  if (v.libraryLookup === true) event.libraryLookup = true;
  if (v.sinkhole === true) event.sinkhole = true;
  if (v.decoded === true) event.decoded = true;
  if (v.viaExec === true) event.viaExec = true;
  if (v.bait === true) event.bait = true;
  if (v.stage === 'after-import' || v.stage === 'at-exit' || v.stage === 'entry-point') event.stage = v.stage;
  return event;
}

/** The hook's "watched from now on" lines (event `snakepit.hook`), one per interpreter that installed it. */
export function parseHookMarkers(text: string): HookMarker[] {
  const markers: HookMarker[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"snakepit.hook"')) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (value.event !== 'snakepit.hook' || typeof value.pid !== 'number' || typeof value.t !== 'number') continue;
    const marker: HookMarker = { pid: value.pid, t: value.t };
    if (typeof value.module === 'string') marker.module = value.module;
    if (Array.isArray(value.allowed)) marker.allowed = value.allowed.filter((a): a is string => typeof a === 'string' && a.startsWith('/'));
    if (typeof value.home === 'string') marker.home = value.home;
    markers.push(marker);
  }
  return markers;
}
