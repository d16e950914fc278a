import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleForNode } from './nodeBundle';
import { WORKER_OPTIONS } from '../../src/core/analysis/workerPool';
import type { ParseLoopRequest } from './parseLoopWorker';

/** Bundles parseLoopWorker.ts the way the analysis worker is bundled (cjs, node20). */
export function bundleParseLoopWorker(outDir = mkdtempSync(join(tmpdir(), 'switchboard-parse-loop-'))): string {
  return bundleForNode('parseLoopWorker', 'bench/lib/parseLoopWorker.ts', outDir);
}

const BATCH = 64;

/**
 * Parses `paths` on `threads` fresh worker threads pulling batches of 64 files from one queue (as
 * the index's pool does, two in flight per thread) and returns the wall time in ms, from the first batch sent to the last
 * reply. With one thread this is the single-threaded loop the cold index is compared with.
 */
export async function timeParseLoop(workerPath: string, paths: readonly string[], mode: ParseLoopRequest['mode'], threads: number): Promise<number> {
  // The pool's own thread options (its larger young generation makes a parse loop 10-15% faster):
  // the baseline runs on the same footing as the index.
  const workers = Array.from({ length: threads }, () => new Worker(workerPath, WORKER_OPTIONS));
  // Each thread has loaded its bundle (answered an empty request) before the clock starts: the
  // baseline is not charged for start-up, while the index's pool only starts during the walk.
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
          w.postMessage({ paths: [], mode } satisfies ParseLoopRequest);
        }),
    ),
  );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          // Two batches in flight per thread, as the index's pool keeps them (see workerPool.ts).
          let inFlight = 0;
          const send = (): void => {
            if (next >= paths.length) return;
            const request: ParseLoopRequest = { paths: paths.slice(next, next + BATCH), mode };
            next += BATCH;
            inFlight++;
            w.postMessage(request);
          };
          w.on('message', () => {
            inFlight--;
            send();
            if (inFlight === 0) resolve();
          });
          w.once('error', reject);
          send();
          send();
          if (inFlight === 0) resolve();
        }),
    ),
  );
  const ms = performance.now() - started;
  await Promise.all(workers.map((w) => w.terminate()));
  return ms;
}
