import { Worker } from 'node:worker_threads';
import { WORKER_OPTIONS } from '../analysis/workerPool';
import type { ApplyPlan, ApplyRequest } from '../chat/applyText';
import type { Disposable } from '../lifecycle/disposable';
import type { Logger } from '../log/logger';
import type { FileChange, ValidationReport } from '../tasks/taskTypes';
import { fromThreadSchema, type FromThread, type ToThread } from './validationProtocol';

/**
 * The analysis pool's thread options (a self-contained bundle: no loader of the parent's), with half
 * its young generation: this thread lives as long as the window, not one index build.
 */
const THREAD_OPTIONS = { ...WORKER_OPTIONS, resourceLimits: { maxYoungGenerationSizeMb: 64 } };

/**
 * How long the thread may sit idle before it stops, freeing the memory its programs hold (a second
 * copy of the project beside VS Code's own TypeScript server, hundreds of MB on a large one). The next
 * check starts it again and loads the project (seconds, off the extension host's thread).
 */
export const VALIDATION_THREAD_IDLE_MS = 10 * 60_000;

/** What the thread answers a request with. */
type Answer = { readonly kind: 'report'; readonly report: ValidationReport } | { readonly kind: 'prepared' } | { readonly kind: 'merged'; readonly plan: ApplyPlan };

interface Pending {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/**
 * The extension host's side of the validation thread (validationWorker.ts): one thread for every
 * workspace folder's validator, started on the first validation or preparation and started again
 * after it stops (a crash, running out of memory): the validations it was running fail with the
 * reason, and the next one finds a new thread. Each folder's validator stays warm in it until the
 * thread has been idle for `idleMs`; then it stops, and the next request starts it again.
 */
export class ValidationThread implements Disposable {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private disposed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly script: string,
    private readonly log: Logger,
    private readonly idleMs = VALIDATION_THREAD_IDLE_MS,
  ) {}

  /** Whether the thread is running now (tests, and invalidations: a thread not started has nothing to forget). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  validate(folder: { root: string; libDirectory?: string }, changes: readonly FileChange[], signal?: AbortSignal): Promise<ValidationReport> {
    if (this.disposed) return Promise.reject(new Error('the validation thread was closed'));
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const id = ++this.nextId;
    return new Promise<Answer>((resolve, reject) => {
      const onAbort = (): void => {
        // Answered at once: the thread stops at its next turn, and its answer is not waited for.
        this.settle(id)?.reject(abortReason(signal!));
        this.post({ type: 'abort', id });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (answer) => {
          done();
          resolve(answer);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.post({ type: 'validate', id, folder, changes: [...changes] }, true);
    }).then((answer) => {
      if (answer.kind !== 'report') throw new Error(`the validation thread answered a check with ${answer.kind}`);
      return answer.report;
    });
  }

  /**
   * Resolves when the thread has prepared the folder, or could not (it says why in the log), or at once
   * when `signal` stops it (the thread drops it, or ends it at its next step); never rejects.
   */
  prepare(folder: { root: string; libDirectory?: string }, paths: readonly string[], signal?: AbortSignal): Promise<void> {
    if (this.disposed || signal?.aborted) return Promise.resolve();
    const id = ++this.nextId;
    const done = new Promise<void>((resolve) => {
      const onAbort = (): void => {
        this.settle(id)?.resolve({ kind: 'prepared' });
        this.post({ type: 'abort', id });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settled = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.pending.set(id, { resolve: settled, reject: settled });
    });
    this.post({ type: 'prepare', id, folder, paths: [...paths] }, true);
    return done;
  }

  /**
   * Merges a code block into a file's text by declaration (applyMerge.ts) in the thread, which has the
   * TypeScript parser loaded already: the extension host neither loads the parser (250-320 ms, once)
   * nor parses the file. Rejects when the merge throws or the thread stops.
   */
  merge(request: ApplyRequest): Promise<ApplyPlan> {
    if (this.disposed) return Promise.reject(new Error('the validation thread was closed'));
    const id = ++this.nextId;
    const answer = new Promise<Answer>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.post({ type: 'merge', id, request: { fileText: request.fileText, code: request.code, path: request.path, ...(request.selection ? { selection: request.selection } : {}) } }, true);
    return answer.then((a) => {
      if (a.kind !== 'merged') throw new Error(`the validation thread answered a merge with ${a.kind}`);
      return a.plan;
    });
  }

  invalidate(root: string, paths: readonly string[]): void {
    this.post({ type: 'invalidate', root, paths: [...paths] });
  }

  close(root: string): void {
    this.post({ type: 'close', root });
  }

  dispose(): void {
    this.disposed = true;
    this.clearIdle();
    this.failAll(new Error('the validation thread was closed'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Sends a message, starting the thread when `start` (otherwise a thread not running has nothing to hear). */
  private post(message: ToThread, start = false): void {
    if (this.disposed) return;
    if (start) this.clearIdle();
    const worker = this.worker ?? (start ? this.start() : undefined);
    worker?.postMessage(message);
  }

  private start(): Worker {
    const worker = new Worker(this.script, THREAD_OPTIONS);
    this.worker = worker;
    worker.on('message', (raw: unknown) => this.receive(raw));
    worker.on('error', (error) => this.stopped(worker, `the validation thread failed: ${error.message}`));
    worker.on('exit', (code) => this.stopped(worker, `the validation thread stopped (exit code ${code})`));
    // The thread holds no request of the host's open: an idle validator does not keep a process alive.
    worker.unref();
    return worker;
  }

  private stopped(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.disposed) return;
    this.log.warn(`Validation: ${reason}; ${this.pending.size > 0 ? 'the checks it was running failed, and ' : ''}the next check starts it again.`);
    this.failAll(new Error(reason));
  }

  private receive(raw: unknown): void {
    const parsed = fromThreadSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.error(`Validation: the thread sent a message that cannot be read (${parsed.error.issues[0]?.message ?? 'invalid'}); ignored.`);
      return;
    }
    const message: FromThread = parsed.data;
    switch (message.type) {
      case 'log':
        this.log[message.level](message.message);
        break;
      case 'report':
        this.settle(message.id)?.resolve({ kind: 'report', report: message.report });
        break;
      case 'prepared':
        this.settle(message.id)?.resolve({ kind: 'prepared' });
        break;
      case 'merged':
        this.settle(message.id)?.resolve({ kind: 'merged', plan: message.plan });
        break;
      case 'failed':
        this.settle(message.id)?.reject(new Error(message.message));
        break;
    }
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    this.idleWhenDone();
    return pending;
  }

  /** With nothing pending, the thread stops after `idleMs` unless a request comes first. */
  private idleWhenDone(): void {
    if (this.pending.size > 0 || !this.worker || this.disposed) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => this.stopIdle(), this.idleMs);
    // An idle thread's timer holds no process open.
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private stopIdle(): void {
    this.idleTimer = undefined;
    const worker = this.worker;
    if (!worker || this.pending.size > 0 || this.disposed) return;
    // Taken first, so its exit is not read as a crash.
    this.worker = undefined;
    this.log.info(`Validation: the thread was idle for ${this.idleMs >= 60_000 ? `${Math.round(this.idleMs / 60_000)} min` : `${this.idleMs} ms`} and stopped, freeing the memory of the projects it held; the next check starts it again.`);
    void worker.terminate();
  }

  private failAll(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('stopped');
}

/** One folder's validator, checked in the shared thread: what TaskValidators keeps per folder. */
export class ThreadedValidator {
  constructor(
    private readonly thread: ValidationThread,
    private readonly folder: { readonly root: string; readonly libDirectory?: string },
  ) {}

  validate(changes: readonly FileChange[], signal?: AbortSignal): Promise<ValidationReport> {
    return this.thread.validate(this.folder, changes, signal);
  }

  /**
   * Starts the thread and loads the folder's project and these files with their importers, so the
   * first check waits for none of it. Resolves when done (or given up: never rejects).
   */
  prepare(paths: readonly string[] = [], signal?: AbortSignal): Promise<void> {
    return this.thread.prepare(this.folder, paths, signal);
  }

  invalidate(paths: readonly string[]): void {
    this.thread.invalidate(this.folder.root, paths);
  }

  dispose(): void {
    this.thread.close(this.folder.root);
  }
}
