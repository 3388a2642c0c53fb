import type { Level } from '../types';
import type { FileReport } from './fileReport';

/** The `snakepit scan --format json` contract (version 1); documented in README. */
export interface ScanReport {
  version: 1;
  files: FileReport[];
  summary: {
    files: number;
    findings: number;
    bySeverity: Record<Level, number>;
    seconds: number;
  };
}

export function buildScanReport(files: FileReport[], seconds: number): ScanReport {
  const bySeverity: Record<Level, number> = { low: 0, medium: 0, high: 0 };
  let findings = 0;
  for (const file of files) {
    for (const finding of file.findings) {
      bySeverity[finding.severity]++;
      findings++;
    }
  }
  return { version: 1, files, summary: { files: files.length, findings, bySeverity, seconds: Math.round(seconds * 1000) / 1000 } };
}
