import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisJob } from '../scan/analyzeJob';
import type { FileReport } from '../scan/fileReport';
import type { WorkerReply, WorkerRequest } from './protocol';

interface Pending {
  resolve: (report: FileReport) => void;
  reject: (error: Error) => void;
}

/**
 * The worker script: dist/analysisWorker.js beside the bundle, or the TypeScript
 * source (through tsx) when running from source, as the tests do.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'analysisWorker.js');
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: path.join(__dirname, 'analysisWorker.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] };
}

/** A fixed set of analysis threads; jobs go to whichever thread is free. */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<{ request: WorkerRequest; pending: Pending }> = [];
  private readonly inFlight = new Map<number, { worker: Worker; pending: Pending }>();
  private nextId = 0;
  private closed = false;

  constructor(size: number = Math.max(1, os.availableParallelism())) {
    const { file, execArgv } = workerEntry();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(file, { execArgv });
      worker.on('message', (reply: WorkerReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(worker, error));
      worker.unref();
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.all.length;
  }

  analyze(job: AnalysisJob): Promise<FileReport> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, job }, pending: { resolve, reject } });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const { request, pending } = this.queue.shift()!;
      this.inFlight.set(request.id, { worker, pending });
      worker.ref();
      worker.postMessage(request);
    }
  }

  private settle(worker: Worker, reply: WorkerReply): void {
    const entry = this.inFlight.get(reply.id);
    if (!entry) return;
    this.inFlight.delete(reply.id);
    worker.unref();
    this.idle.push(worker);
    if (reply.error !== undefined) entry.pending.reject(new Error(reply.error));
    else entry.pending.resolve(reply.report);
    this.dispatch();
  }

  /** A thread that crashed is dropped; its job fails, and with no thread left so does every queued one. */
  private fail(worker: Worker, error: Error): void {
    this.all.splice(this.all.indexOf(worker), 1);
    for (const [id, entry] of this.inFlight) {
      if (entry.worker !== worker) continue;
      this.inFlight.delete(id);
      entry.pending.reject(error);
    }
    if (this.all.length === 0) {
      for (const { pending } of this.queue.splice(0)) pending.reject(new Error(`every analysis thread crashed: ${error.message}`));
    }
  }

  /** Rejects every job not yet started (a cancelled scan); jobs already running finish. */
  cancelQueued(): void {
    for (const { pending } of this.queue.splice(0)) pending.reject(new Error('cancelled'));
  }

  /** Stops every thread; queued jobs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { pending } of this.queue.splice(0)) pending.reject(new Error('the analysis pool was closed'));
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
