// Worker entry: bundled to dist/worker/analysisWorker.js; the host passes that path to WorkerPool.
import { parentPort } from 'node:worker_threads';
import { runFileJob, type JobResult } from './fileJob';
import { transferablesOf } from './storedFile';
import { workerRequestSchema, type WorkerResponse } from './workerProtocol';

const port = parentPort;
if (port) {
  port.on('message', (message: unknown) => {
    const parsed = workerRequestSchema.safeParse(message);
    if (!parsed.success) {
      const id = typeof message === 'object' && message !== null && 'id' in message && typeof message.id === 'number' ? message.id : -1;
      const response: WorkerResponse = { id, results: [], error: `bad request: ${parsed.error.message}` };
      port.postMessage(response);
      return;
    }
    const results: JobResult[] = parsed.data.jobs.map((job) => runFileJob(job));
    const transfer: ArrayBuffer[] = [];
    for (const r of results) if (r.type === 'analyzed') transfer.push(...transferablesOf(r.file));
    const response: WorkerResponse = { id: parsed.data.id, results };
    port.postMessage(response, transfer);
  });
}
