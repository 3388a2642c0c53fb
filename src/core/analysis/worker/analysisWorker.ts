// Worker-thread entry (bundled as dist/analysisWorker.js): parses and analyses
// the files the pool sends, one at a time, with one parser per thread.
import { parentPort } from 'node:worker_threads';
import { PythonParser } from '../parser';
import { runAnalysisJob } from '../scan/analyzeJob';
import type { WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysisWorker must run in a worker thread');
const parser = PythonParser.create();

port.on('message', async ({ id, job }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id, report: runAnalysisJob(await parser, job) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
