import type { BehaviorEvent, Reason, Severity } from '../reasons';
import type { ModuleImport, ProbeEvent, ProbeEventKind } from './probe/types';

export interface BehaviorReasonSpec {
  severity: Severity;
  fatal: boolean;
  title: string;
}

/** Behaviour reason codes (SPK3xx): 30x–31x import phase, 32x install phase, 33x the user's test script. */
export const BEHAVIOR_REASONS = {
  SPK301: { severity: 'high', fatal: true, title: 'network activity at import' },
  SPK302: { severity: 'high', fatal: true, title: 'process started at import' },
  SPK303: { severity: 'high', fatal: true, title: 'write outside the allowed directories at import' },
  SPK304: { severity: 'high', fatal: false, title: 'sensitive file read at import (fatal together with network activity)' },
  SPK305: { severity: 'medium', fatal: false, title: 'secret-looking environment variable read at import' },
  SPK306: { severity: 'medium', fatal: false, title: 'native library loaded through ctypes at import' },
  SPK307: { severity: 'high', fatal: true, title: 'execution of decoded data at import (obfuscated code)' },
  SPK308: { severity: 'low', fatal: false, title: 'code compiled from a string at import' },
  SPK309: { severity: 'medium', fatal: false, title: 'web browser opened at import' },
  SPK310: { severity: 'high', fatal: true, title: 'import failed' },
  SPK311: { severity: 'high', fatal: true, title: 'import did not finish in time' },
  SPK312: { severity: 'high', fatal: true, title: 'import ran out of memory or exceeded the memory limit' },
  SPK313: { severity: 'low', fatal: false, title: 'slow import' },
  SPK314: { severity: 'high', fatal: true, title: 'code run from a .pth file at interpreter start' },
  SPK315: { severity: 'high', fatal: true, title: 'planted fake credentials sent out (network, process arguments or a file)' },
  SPK316: { severity: 'low', fatal: false, title: 'a submodule could not be imported (often an optional dependency)' },
  SPK317: { severity: 'high', fatal: true, title: 'an action only the system-call trace saw (the audit hook was bypassed: ctypes, native code, a disabled hook)' },
  SPK318: { severity: 'low', fatal: false, title: 'a read-only system query run at import (uname, getconf, …)' },
  SPK319: { severity: 'low', fatal: false, title: 'imported with stand-ins for what is missing here (Windows-only modules, absent dependencies)' },
  SPK320: { severity: 'high', fatal: true, title: 'network activity while installing' },
  SPK321: { severity: 'high', fatal: false, title: 'process started by the package while installing' },
  SPK322: { severity: 'high', fatal: true, title: 'write outside the allowed directories while installing' },
  SPK323: { severity: 'high', fatal: true, title: 'sensitive file read while installing' },
  SPK324: { severity: 'medium', fatal: false, title: 'secret-looking environment variable read while installing' },
  SPK325: { severity: 'high', fatal: true, title: 'execution of decoded data while installing' },
  SPK326: { severity: 'low', fatal: false, title: 'code compiled from a string while installing' },
  SPK327: { severity: 'low', fatal: false, title: 'native library loaded through ctypes while installing' },
  SPK328: { severity: 'medium', fatal: false, title: 'web browser opened while installing' },
  SPK330: { severity: 'medium', fatal: false, title: 'network activity during the test script' },
  SPK331: { severity: 'low', fatal: false, title: 'process started during the test script' },
  SPK332: { severity: 'medium', fatal: false, title: 'write outside the allowed directories during the test script' },
  SPK333: { severity: 'high', fatal: false, title: 'sensitive file read during the test script' },
  SPK334: { severity: 'low', fatal: false, title: 'secret-looking environment variable read during the test script' },
  SPK335: { severity: 'high', fatal: false, title: 'execution of decoded data during the test script' },
} as const satisfies Record<string, BehaviorReasonSpec>;

export type BehaviorReasonCode = keyof typeof BEHAVIOR_REASONS;

type EventClass = ProbeEventKind | 'decoded-code' | 'system-query';

const CODES: Record<BehaviorEvent['phase'], Partial<Record<EventClass, BehaviorReasonCode>>> = {
  import: {
    network: 'SPK301',
    process: 'SPK302',
    write: 'SPK303',
    'sensitive-read': 'SPK304',
    'env-read': 'SPK305',
    native: 'SPK306',
    'decoded-code': 'SPK307',
    'dynamic-code': 'SPK308',
    browser: 'SPK309',
    'syscall-only': 'SPK317',
    'system-query': 'SPK318',
  },
  install: {
    network: 'SPK320',
    process: 'SPK321',
    'system-query': 'SPK321',
    write: 'SPK322',
    'sensitive-read': 'SPK323',
    'env-read': 'SPK324',
    'decoded-code': 'SPK325',
    'dynamic-code': 'SPK326',
    native: 'SPK327',
    browser: 'SPK328',
  },
  test: {
    network: 'SPK330',
    process: 'SPK331',
    'system-query': 'SPK331',
    write: 'SPK332',
    'sensitive-read': 'SPK333',
    'env-read': 'SPK334',
    'decoded-code': 'SPK335',
  },
};

const DOING: Record<EventClass, string> = {
  network: 'used the network',
  process: 'started a process',
  'system-query': 'ran a read-only system query (a platform check)',
  write: 'wrote outside the allowed directories',
  'sensitive-read': 'read a sensitive file',
  'env-read': 'read a secret-looking environment variable',
  native: 'loaded a native library through ctypes',
  'decoded-code': 'executed code decoded from data (obfuscated exec)',
  'dynamic-code': 'compiled code from a string',
  browser: 'opened a web browser',
  'syscall-only': 'did something the audit hook never saw, only the system-call trace (ctypes, native code or a disabled hook hides it from Python)',
};

const WHEN: Record<BehaviorEvent['phase'], string> = {
  import: 'at import',
  install: 'while being installed (setup.py or build backend)',
  test: 'while the test script ran',
};

/** Import-phase events that waited for their moment (probe stages): a delayed payload is named as such. */
const STAGE_WHEN: Record<string, string> = {
  'after-import': 'after its import returned, in a thread the import started (a delayed payload)',
  'at-exit': 'at interpreter exit, in an atexit handler it registered (a delayed payload)',
  'entry-point': 'when one of its console scripts ran (with --help, then with no arguments)',
};

/** The module name the probe uses while site-packages' .pth files run. */
const PTH_MODULE = '<site .pth>';

export interface BehaviorReasonOptions {
  /** Peak import memory above which SPK312 is reported for an import that succeeded (default 512 MiB). */
  memoryLimitKb?: number;
  /** Import time above which SPK313 is reported (default 10 s). */
  slowImportMs?: number;
}

/**
 * Reasons for ONE package from what its install, imports and test script did in the sandbox:
 * one reason per code and module, with the first event as evidence and a count of the rest.
 */
export function reasonsFromBehavior(events: readonly BehaviorEvent[], imports: readonly ModuleImport[], options: BehaviorReasonOptions = {}): Reason[] {
  const reasons = [...baitReasons(events), ...reasonsFromEvents(events), ...reasonsFromImports(imports, options)];
  return reasons.sort((a, b) => Number(b.fatal ?? false) - Number(a.fatal ?? false) || rank(b.severity) - rank(a.severity) || a.code.localeCompare(b.code));
}

/** One fatal reason per module whose events carried a planted credential: the evidence is the event itself. */
function baitReasons(events: readonly BehaviorEvent[]): Reason[] {
  const byModule = new Map<string, BehaviorEvent[]>();
  for (const event of events) {
    if ((event as Partial<ProbeEvent>).bait !== true) continue;
    const key = event.module ?? '';
    byModule.set(key, [...(byModule.get(key) ?? []), event]);
  }
  return [...byModule.values()].map((found) => {
    const first = found[0];
    const spec = BEHAVIOR_REASONS.SPK315;
    const who = first.module ?? 'the package';
    const reason: Reason = {
      code: 'SPK315',
      severity: spec.severity,
      fatal: spec.fatal,
      message: `${who} sent the fake credentials Snakepit planted in the sandbox (${first.event} ${first.detail})${found.length > 1 ? ` and ${found.length - 1} more time(s)` : ''}: it steals secrets. Do not install it; if it ever ran on a real machine, rotate the credentials there.`,
      evidence: `${first.event} ${first.detail}`.slice(0, 300),
    };
    const where = originLocation((first as Partial<ProbeEvent>).origin);
    if (where) Object.assign(reason, where);
    return reason;
  });
}

function reasonsFromEvents(events: readonly BehaviorEvent[]): Reason[] {
  const usedNetwork = events.some((e) => kindOf(e) === 'network');
  const groups = new Map<string, { code: BehaviorReasonCode; cls: EventClass; first: BehaviorEvent; count: number; blocked: boolean }>();
  for (const event of events) {
    const cls = classOf(event);
    if (!cls) continue;
    const codes: BehaviorReasonCode[] = [];
    const code = CODES[event.phase]?.[cls];
    if (code) codes.push(code);
    if (event.module === PTH_MODULE) codes.push('SPK314');
    for (const c of codes) {
      const key = `${c}\0${event.module ?? ''}`;
      const group = groups.get(key);
      if (group) {
        group.count++;
        group.blocked ||= (event as Partial<ProbeEvent>).blocked === true;
      } else groups.set(key, { code: c, cls, first: event, count: 1, blocked: (event as Partial<ProbeEvent>).blocked === true });
    }
  }
  return [...groups.values()].map(({ code, cls, first, count, blocked }) => {
    const spec: BehaviorReasonSpec = BEHAVIOR_REASONS[code];
    let severity = spec.severity;
    let fatal = spec.fatal;
    const withNetwork = usedNetwork && (cls === 'sensitive-read' || cls === 'env-read');
    if (withNetwork) {
      severity = 'high';
      fatal = fatal || cls === 'sensitive-read';
    }
    const who = first.module && first.module !== PTH_MODULE ? first.module : first.module === PTH_MODULE ? 'a .pth file in site-packages' : 'the package';
    const when = code === 'SPK314' ? 'when an interpreter started' : (STAGE_WHEN[(first as Partial<ProbeEvent>).stage ?? ''] ?? WHEN[first.phase]);
    const more = count > 1 ? ` (and ${count - 1} more like it)` : '';
    const also = withNetwork ? '; the package also used the network, so the data may have been sent away' : '';
    const reason: Reason = {
      code,
      severity,
      message: `${who} ${DOING[cls]} ${when}: ${first.detail}${blocked ? ' (blocked by the probe)' : ''}${more}${also}`,
      evidence: `${first.event} ${first.detail}`.slice(0, 300),
      fatal,
    };
    const where = originLocation((first as Partial<ProbeEvent>).origin);
    if (where) Object.assign(reason, where);
    return reason;
  });
}

function reasonsFromImports(imports: readonly ModuleImport[], options: BehaviorReasonOptions): Reason[] {
  const memoryLimitKb = options.memoryLimitKb ?? 512 * 1024;
  const slowImportMs = options.slowImportMs ?? 10_000;
  const reasons: Reason[] = [];
  const make = (code: BehaviorReasonCode, message: string, evidence: string, fatal?: boolean): Reason => ({
    code,
    severity: BEHAVIOR_REASONS[code].severity,
    message,
    evidence: evidence.slice(0, 300),
    fatal: fatal ?? BEHAVIOR_REASONS[code].fatal,
  });
  for (const m of imports) {
    const stoodIn = m.standIns ?? [];
    if (stoodIn.length > 0) {
      const outcome = m.ok ? 'so the code after those lines ran under the trace (what it did is judged on its own)' : 'and it still failed';
      reasons.push(make('SPK319', `${m.name} needs ${stoodIn.join(', ')}, missing here (Windows-only or not installed): the probe stood in for ${stoodIn.length === 1 ? 'it' : 'them'} ${outcome}`, stoodIn.join(', ')));
    }
    // A submodule the probe chose to import may need an optional dependency (urllib3.contrib.socks needs PySocks):
    // its failure says nothing about the package; what it did before failing is still judged by its events.
    if (m.name.includes('.') && !m.ok && !m.memoryError) {
      reasons.push(make('SPK316', `Importing the submodule ${m.name} failed, so code after that point was not run: ${m.error ?? 'unknown error'}`, m.error ?? `exit code ${m.exitCode}`));
      continue;
    }
    if (m.timedOut) reasons.push(make('SPK311', `Importing ${m.name} did not finish (${formatMs(m.importMs)}; killed at the time limit)`, m.error ?? 'timed out'));
    else if (!m.ok && m.memoryError) {
      reasons.push(make('SPK312', `Importing ${m.name} ran out of memory (peak ${formatKb(m.peakRssKb)} above the interpreter's own)`, m.error ?? 'out of memory'));
    } else if (!m.ok) reasons.push(make('SPK310', `Importing ${m.name} failed: ${m.error ?? 'unknown error'}`, m.error ?? `exit code ${m.exitCode}`));
    else if (m.peakRssKb > memoryLimitKb) {
      reasons.push(make('SPK312', `Importing ${m.name} used ${formatKb(m.peakRssKb)} of memory, above the limit of ${formatKb(memoryLimitKb)}`, `peakRssKb ${m.peakRssKb}`, false));
    }
    if (m.ok && m.importMs > slowImportMs) reasons.push(make('SPK313', `Importing ${m.name} took ${formatMs(m.importMs)}`, `importMs ${m.importMs}`));
  }
  return reasons;
}

const KIND_BY_EVENT: Array<[RegExp, ProbeEventKind]> = [
  [/^socket\.|^urllib\./, 'network'],
  [/^(subprocess\.Popen|os\.(system|exec|posix_spawn|spawn|fork|forkpty)|pty\.spawn)$/, 'process'],
  [/^ctypes\./, 'native'],
  [/^(compile|exec|marshal\.loads)$/, 'dynamic-code'],
  [/^os\.environ$/, 'env-read'],
  [/^webbrowser\./, 'browser'],
];

/** The probe sets `kind`; events from elsewhere (or older probes) are classified by their name. */
function kindOf(event: BehaviorEvent): ProbeEventKind | undefined {
  const kind = (event as Partial<ProbeEvent>).kind;
  if (kind) return kind;
  return KIND_BY_EVENT.find(([pattern]) => pattern.test(event.event))?.[1];
}

/**
 * Commands that only report facts about the machine: numpy's cpuinfo runs `uname -m` at import. Harmless alone; what a
 * package does with the answer is recorded on its own.
 */
const SYSTEM_QUERIES = new Set(['uname', 'arch', 'getconf', 'nproc', 'lscpu', 'lsb_release', 'sw_vers']);

/** `uname -m`, `/bin/sh -c 'getconf PAGESIZE'`: one query command with plain words, nothing piped, chained or redirected. */
export function isSystemQuery(detail: string): boolean {
  const shell = /^(?:\S*\/)?(?:ba|da)?sh -c (.+)$/s.exec(detail.trim());
  const command = (shell ? shell[1] : detail).trim().replace(/^(['"])(.*)\1$/s, '$2');
  const words = command.split(/\s+/);
  if (!words.every((word) => /^[\w.:=/+-]+$/.test(word))) return false;
  return SYSTEM_QUERIES.has(words[0].slice(words[0].lastIndexOf('/') + 1));
}

function classOf(event: BehaviorEvent): EventClass | undefined {
  // find_library's own ldconfig/gcc: looking a library up, which the package's dlopen (SPK306) already tells.
  if ((event as Partial<ProbeEvent>).libraryLookup === true) return undefined;
  const kind = kindOf(event);
  if (kind === 'process' && isSystemQuery(event.detail)) return 'system-query';
  if (kind === 'dynamic-code' && ((event as Partial<ProbeEvent>).decoded === true || event.event === 'marshal.loads')) return 'decoded-code';
  return kind;
}

/** `file`/`line` of an event's origin, the file relative to site-packages or to the sdist's build dir. */
export function originLocation(origin: string | undefined): { file: string; line: number } | undefined {
  const match = origin ? /^(.*):(\d+)$/.exec(origin) : null;
  if (!match) return undefined;
  let file = match[1];
  const site = /\/(?:site|dist)-packages\/(.+)$/.exec(file);
  const build = /\/pip-(?:install|req-build|download)-[^/]+\/[^/]+\/(.+)$/.exec(file);
  if (site) file = site[1];
  else if (build) file = build[1];
  return { file, line: Number(match[2]) };
}

function rank(severity: Severity): number {
  return severity === 'high' ? 3 : severity === 'medium' ? 2 : 1;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function formatKb(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(0)} MiB` : `${kb} KiB`;
}
