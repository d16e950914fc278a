/**
 * A queue one side pushes to and the other reads as an async iterator: an answer's events, read by
 * the chat as a stream (a task's are told to a listener instead: see settleTask). A queued event is
 * handed over as one settled promise, with no generator in between: each costs one turn of the
 * consumer's `for await`, not a generator's several.
 */
export class EventChannel<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private readonly waiting: ((result: IteratorResult<T, undefined>) => void)[] = [];
  private closed = false;
  private started = false;

  /**
   * @param onStart runs at the first `next()`, as a generator's body would.
   * @param onLeave runs once when the reader stops early (`return()`: a `break` out of `for await`).
   */
  constructor(
    private readonly onStart: () => void = () => undefined,
    private readonly onLeave: () => void = () => undefined,
  ) {}

  push(item: T): void {
    if (this.closed) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter({ value: item, done: false });
    else this.items.push(item);
  }

  /** No more items: the reader gets what is queued, then the end. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (!this.started) {
      this.started = true;
      this.onStart();
    }
    if (this.head < this.items.length) {
      const value = this.items[this.head++] as T;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T, undefined>> {
    if (!this.closed) {
      this.close();
      this.items = [];
      this.head = 0;
      this.onLeave();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Runs `jobs` at most `limit` at a time; resolves with their results in order. */
export async function runLimited<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  // All at once (review and validate side by side, the usual case): no worker loop to keep the count.
  if (limit >= jobs.length) return Promise.all(jobs.map((job) => job()));
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
  return results;
}
