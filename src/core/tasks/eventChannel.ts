/**
 * A queue one side pushes to and the other takes from in batches, so phases running in parallel can
 * report through one ordered stream of events. The taker gets everything queued at once: a task's
 * events then cross one async generator (the task's own) rather than two.
 */
export class EventChannel<T> {
  private items: T[] = [];
  private wake: (() => void) | undefined;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** Everything pushed since the last take, in order; waits while nothing is queued. Empty once closed and drained. */
  async take(): Promise<readonly T[]> {
    while (this.items.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    const batch = this.items;
    this.items = [];
    return batch;
  }
}

/** Runs `jobs` at most `limit` at a time; resolves with their results in order. */
export async function runLimited<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
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
