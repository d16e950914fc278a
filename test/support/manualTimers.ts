import { toDisposable, type Disposable } from '../../src/core/lifecycle/disposable';

/** Timers a test fires by hand, so nothing depends on the clock. `schedule` fits the timer options the core takes. */
export class ManualTimers {
  private pending: { callback: () => void; ms: number; cancelled: boolean }[] = [];
  readonly schedule = (callback: () => void, ms: number): Disposable => {
    const entry = { callback, ms, cancelled: false };
    this.pending.push(entry);
    return toDisposable(() => (entry.cancelled = true));
  };
  /** How many timers are still set. */
  get count(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }
  /** The delays of the timers still set. */
  get delays(): number[] {
    return this.pending.filter((p) => !p.cancelled).map((p) => p.ms);
  }
  /** Fires the timers set for `ms`. */
  fire(ms: number): void {
    const due = this.pending.filter((p) => !p.cancelled && p.ms === ms);
    this.pending = this.pending.filter((p) => !due.includes(p));
    for (const p of due) p.callback();
  }
  /** Fires every timer set so far. */
  fireAll(): void {
    const due = this.pending.splice(0);
    for (const p of due) if (!p.cancelled) p.callback();
  }
}
