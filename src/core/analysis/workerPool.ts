import { availableParallelism, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Disposable } from '../lifecycle/disposable';
import type { FileJob, JobResult } from './fileJob';
import type { ListedSoFar } from './workspaceFiles';
import { poolSizeFor } from './poolSize';
import type { WorkerResponse } from './workerProtocol';

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Called as each batch completes, with the results so far. */
  readonly onBatch?: (results: readonly JobResult[]) => void;
}

/** Runs file jobs somewhere: worker threads in the product, the calling thread in tests. */
export interface AnalysisRunner extends Disposable {
  run(jobs: readonly FileJob[], options?: RunOptions): Promise<JobResult[]>;
  /**
   * A hint that at least this much work is coming: start what it will need and takes time to start
   * (threads load a 9 MB bundle). Called again as more is found; never starts more than the work uses.
   */
  prepare?(expected: ListedSoFar): void;
}

const BATCH_BYTES = 512 * 1024;
const BATCH_FILES = 64;

/**
 * The threads `expected` work keeps busy: one per batch it makes, at most `size`. A cold index of a
 * 4-file project starts one thread, not a thread per core (63 on a 64-core machine, each loading
 * the parser, for a second's work).
 */
export function threadsFor(expected: ListedSoFar, size: number): number {
  if (expected.files <= 0) return 0;
  const batchCount = Math.max(Math.ceil(expected.bytes / BATCH_BYTES), Math.ceil(expected.files / BATCH_FILES));
  return Math.min(size, Math.max(1, batchCount));
}

/** Splits jobs into batches of bounded bytes, so a worker's reply is neither tiny nor huge. */
export function batches(jobs: readonly FileJob[]): FileJob[][] {
  const out: FileJob[][] = [];
  let current: FileJob[] = [];
  let bytes = 0;
  for (const job of jobs) {
    current.push(job);
    bytes += job.size;
    if (bytes >= BATCH_BYTES || current.length >= BATCH_FILES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * The worker is a self-contained bundle: it must not inherit the parent's loaders (`--import tsx`
 * in tests and benchmarks would make every worker transpile the 9 MB bundle on start).
 */
export const WORKER_OPTIONS = {
  execArgv: [] as string[],
  // A parser allocates mostly short-lived nodes: a larger young generation means fewer scavenges.
  resourceLimits: { maxYoungGenerationSizeMb: 128 },
};

/** The pool size for this machine (see poolSize.ts): its cores, and the memory each thread needs. */
export function defaultPoolSize(): number {
  // constrainedMemory() is the container's limit (cgroups) when there is one, else 0 or a huge value.
  const limit = process.constrainedMemory?.() ?? 0;
  const total = totalmem();
  const memoryBytes = limit > 0 && limit < total ? limit : total;
  return poolSizeFor({ cores: availableParallelism(), memoryBytes });
}

interface Slot {
  worker: Worker;
  /** Batches sent and not yet answered. */
  inFlight: number;
}

/**
 * Batches each thread holds at once: the next one waits in the thread's queue while it replies to
 * the last, so a thread never idles for the round trip through the host (3% of a worker's time in
 * a cold index's CPU profile with one batch at a time).
 */
const BATCHES_IN_FLIGHT = 2;

/**
 * A pool of worker threads running the bundled analysis worker (`workerPath`), sized to the cores.
 * Workers start on first use and stop after a while idle, so an idle extension holds no threads.
 */
export class WorkerPool implements AnalysisRunner {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly workerPath: string,
    readonly size: number = defaultPoolSize(),
    private readonly idleMs = 30_000,
  ) {}

  async run(jobs: readonly FileJob[], options: RunOptions = {}): Promise<JobResult[]> {
    if (this.disposed) throw new Error('WorkerPool is disposed');
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const queue = batches(jobs);
    const results: JobResult[][] = new Array<JobResult[]>(queue.length);
    const signal = options.signal;
    signal?.throwIfAborted();
    let next = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        let finished = false;
        let active = 0;
        const fail = (error: unknown): void => {
          if (finished) return;
          finished = true;
          reject(error);
        };
        const onAbort = (): void => fail(signal?.reason ?? new Error('cancelled'));
        signal?.addEventListener('abort', onAbort, { once: true });
        const pump = (slot: Slot): void => {
          if (finished) return;
          if (next >= queue.length) {
            if (active === 0) {
              finished = true;
              signal?.removeEventListener('abort', onAbort);
              resolve();
            }
            return;
          }
          const index = next++;
          const batch = queue[index] as FileJob[];
          active++;
          slot.inFlight++;
          this.send(slot, batch).then(
            (done) => {
              active--;
              slot.inFlight--;
              if (finished) return;
              results[index] = done;
              options.onBatch?.(done);
              pump(slot);
            },
            (error: unknown) => {
              active--;
              slot.inFlight--;
              fail(error);
            },
          );
        };
        const slots = this.ensureWorkers(Math.min(this.size, queue.length));
        if (queue.length === 0) {
          finished = true;
          resolve();
          return;
        }
        for (let k = 0; k < BATCHES_IN_FLIGHT; k++) for (const slot of slots) pump(slot);
      });
    } finally {
      this.scheduleIdleStop();
    }
    return results.flat();
  }

  prepare(expected: ListedSoFar): void {
    if (this.disposed) return;
    const wanted = threadsFor(expected, this.size);
    if (wanted <= this.slots.length) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.startWorkers(wanted);
    this.scheduleIdleStop();
  }

  /** Threads started and not stopped (they stop after a while idle). */
  get threads(): number {
    return this.slots.length;
  }

  private startWorkers(count: number): void {
    while (this.slots.length < count) {
      const worker = new Worker(this.workerPath, WORKER_OPTIONS);
      worker.unref();
      this.slots.push({ worker, inFlight: 0 });
    }
  }

  private ensureWorkers(count: number): Slot[] {
    this.startWorkers(count);
    const free = this.slots.filter((s) => s.inFlight === 0);
    // Batches of a cancelled run may still be finishing; a new run does not wait for them.
    if (free.length === 0 && count > 0) {
      const worker = new Worker(this.workerPath, WORKER_OPTIONS);
      worker.unref();
      const slot = { worker, inFlight: 0 };
      this.slots.push(slot);
      free.push(slot);
    }
    return free.slice(0, count);
  }

  /** Sends a batch; a worker that crashes is replaced and the batch retried once, then reported as failed. */
  private send(slot: Slot, batch: readonly FileJob[], retry = true): Promise<JobResult[]> {
    const id = this.nextId++;
    const failed = (): JobResult[] => batch.map((job) => ({ type: 'skipped', path: job.path, reason: 'failed', size: job.size, mtimeMs: job.mtimeMs }));
    // The thread this batch went to: with batches in flight, a crash reaches every one of them, and
    // only the first replaces the thread.
    const worker = slot.worker;
    return new Promise<JobResult[]>((resolve) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onError);
      };
      const onMessage = (response: WorkerResponse): void => {
        if (response.id !== id) return;
        cleanup();
        resolve(response.error !== undefined ? failed() : [...response.results]);
      };
      const onError = (): void => {
        cleanup();
        if (this.disposed) {
          resolve([]);
          return;
        }
        if (slot.worker === worker) this.replace(slot);
        if (retry) resolve(this.send(slot, batch, false));
        else resolve(failed());
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onError);
      worker.postMessage({ id, jobs: batch });
    });
  }

  private replace(slot: Slot): void {
    void slot.worker.terminate();
    slot.worker = new Worker(this.workerPath, WORKER_OPTIONS);
    slot.worker.unref();
  }

  private scheduleIdleStop(): void {
    if (this.disposed) return;
    this.idleTimer = setTimeout(() => this.stopWorkers(), this.idleMs);
    this.idleTimer.unref();
  }

  private stopWorkers(): void {
    for (const slot of this.slots.splice(0)) void slot.worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.stopWorkers();
  }
}
