import type { FileMetrics, Finding } from '../types';

/** One file's entry in a scan report (the `files[]` element of the JSON contract). */
export interface FileReport {
  path: string;
  error: string | null;
  findings: Finding[];
  metrics?: FileMetrics;
}
