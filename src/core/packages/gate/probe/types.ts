import type { BehaviorEvent } from '../../reasons';

/** What an event is about; the probe sets it, reasons are chosen by it. */
export type ProbeEventKind = 'network' | 'process' | 'write' | 'sensitive-read' | 'env-read' | 'native' | 'dynamic-code' | 'browser' | 'syscall-only';

/** One line of the probe's events file (python/snakepit_probe/hook.py). */
export interface ProbeEvent extends BehaviorEvent {
  kind: ProbeEventKind;
  /** The hook refused the action (PermissionError inside the sandbox). */
  blocked?: boolean;
  /** `file:line` of the innermost non-standard-library frame that asked for it. */
  origin?: string;
  pid?: number;
  /** Wall-clock seconds when the hook saw it (held against the system-call trace's times). */
  t?: number;
  /** A process ctypes.util.find_library runs to look a library up (ldconfig -p, gcc, ld): allowed, not the package's doing. */
  libraryLookup?: boolean;
  /** A name lookup answered with a sinkhole address (python/snakepit_probe/sinkhole.py): nothing left the process. */
  sinkhole?: boolean;
  /** The acting code was exec'd from a string; `origin` names the file whose globals it ran in (setuptools runs setup.py so). */
  viaExec?: boolean;
  /** dynamic-code only: the source came from decoding data (base64, zlib, marshal, …). */
  decoded?: boolean;
  /** A planted fake credential (python/snakepit_probe/bait.py) appears in the details: it was being sent somewhere. */
  bait?: boolean;
  /** Import phase: after the import returned, in a thread it started (`after-import`), or in an atexit handler (`at-exit`). */
  stage?: 'after-import' | 'at-exit' | 'entry-point';
}

/** One module's import in its own child interpreter (`snakepit_probe.import_modules` result). */
export interface ModuleImport {
  name: string;
  ok: boolean;
  /** `ImportError: No module named 'x' (at /…/__init__.py:2 in <module>)`, a timeout or a death; null when ok. */
  error: string | null;
  importMs: number;
  /** Peak resident memory of the child minus its size before the import. */
  peakRssKb: number;
  timedOut: boolean;
  /** MemoryError at import, or killed by SIGKILL (the kernel's OOM killer) before finishing. */
  memoryError: boolean;
  exitCode: number | null;
  signal: number | null;
  /** Imported, but its threads or exit handlers were still running when the time limit ended the process. */
  lingered?: boolean;
  /** What the probe stood in for so the import could go on (`winreg`, `ctypes.windll`): missing here, Windows-only. */
  standIns?: string[];
}
