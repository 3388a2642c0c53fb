import type { Reason } from '../reasons';

/**
 * Reasons the gate itself gives (SPK4xx): what went wrong while fetching, installing, checking or
 * testing a package, as opposed to what its files (SPK0xx–2xx) or its behaviour (SPK3xx) show.
 */
export const GATE_REASONS = {
  downloadFailed: { code: 'SPK400', severity: 'high', title: 'could not be resolved or downloaded' },
  hashMismatch: { code: 'SPK401', severity: 'high', title: 'file does not match its --hash' },
  buildFailed: { code: 'SPK402', severity: 'high', title: 'sdist could not be built into a wheel' },
  installFailed: { code: 'SPK403', severity: 'high', title: 'installing the verified files failed' },
  pipCheckFailed: { code: 'SPK404', severity: 'medium', title: '`pip check` reports broken requirements' },
  testScriptFailed: { code: 'SPK405', severity: 'high', title: 'the test script failed' },
  testScriptKilled: { code: 'SPK406', severity: 'high', title: 'the test script timed out or hit a limit' },
  noModules: { code: 'SPK408', severity: 'low', title: 'no importable top-level module found' },
  notIsolated: { code: 'SPK409', severity: 'low', title: 'validated with the venv engine: NOT isolated' },
  probeFailed: { code: 'SPK410', severity: 'high', title: 'the import probe itself was killed or did not finish' },
  notFound: { code: 'SPK412', severity: 'high', title: 'no version of it on the indexes tried' },
  identityMismatch: { code: 'SPK411', severity: 'high', title: "the file's metadata names another project or version than its file name" },
} as const;

export type GateReasonKey = keyof typeof GATE_REASONS;

/** One gate reason; failures of the gate's own steps are fatal (they fail the package whatever the score). */
export function gateReason(key: GateReasonKey, message: string, extra: Pick<Reason, 'file' | 'evidence'> = {}): Reason {
  const info = GATE_REASONS[key];
  const fatal = info.severity === 'high';
  return { code: info.code, severity: info.severity, message, ...extra, ...(fatal ? { fatal: true } : {}) };
}

/** The last lines of a tool's output, on one line, for a reason's evidence. */
export function tail(text: string, lines = 3, max = 400): string {
  const kept = text.trim().split('\n').filter((l) => l.trim() !== '').slice(-lines).join(' | ');
  return kept.length > max ? `…${kept.slice(-max)}` : kept;
}

const PIP_NOISE = /^(note:|hint:|╰─>|│\s*$|\s*$|See above for output|This error originates)/;

/** What pip said went wrong: its error lines and the subprocess's own error, without pip's boilerplate. */
export function pipError(stderr: string, max = 600): string {
  const lines = stderr.split('\n').map((l) => l.replace(/^\s*│?\s*/, '').trim());
  // `Discarding …: … has inconsistent version` says why a file pip found was refused (its metadata is another version's).
  const useful = lines.filter((l) => /error|exception|denied|blocked|not found|no matching|could not|inconsistent/i.test(l) && !PIP_NOISE.test(l));
  const text = (useful.length ? useful.slice(-4) : lines.filter((l) => l && !PIP_NOISE.test(l)).slice(-3)).join(' | ');
  return text.length > max ? `…${text.slice(-max)}` : text;
}
