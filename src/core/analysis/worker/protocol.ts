import type { AnalysisJob } from '../scan/analyzeJob';
import type { FileReport } from '../scan/fileReport';

export interface WorkerRequest {
  id: number;
  job: AnalysisJob;
}

export type WorkerReply = { id: number; report: FileReport; error?: undefined } | { id: number; error: string; report?: undefined };
