/** Why a package is judged the way it is: shared by `inspect` (static), the gate's behaviour trace and the verdict. */
export type Severity = 'low' | 'medium' | 'high';

export type Verdict = 'pass' | 'warn' | 'fail';

export interface Reason {
  /** Stable reason code, e.g. `SPK101` (see reasonCatalog.ts); users filter and search by it. */
  code: string;
  severity: Severity;
  /** What was found, in words a person can act on. */
  message: string;
  /** Path inside the distribution (`requests/api.py`), or the artifact's file name for metadata reasons. */
  file?: string;
  line?: number;
  /** The matched text or the recorded event, shortened to one line. */
  evidence?: string;
  /** When true the reason alone fails the package, whatever the score (install failure, network at import, …). */
  fatal?: boolean;
}

/** A behaviour event recorded by the audit hook inside the sandbox. */
export interface BehaviorEvent {
  phase: 'install' | 'import' | 'test';
  /** The audit event name: `socket.connect`, `subprocess.Popen`, `open` (write), `ctypes.dlopen`, `exec`, … */
  event: string;
  detail: string;
  /** The module being imported when it happened (import phase). */
  module?: string;
}
