import { toDisposable, type Disposable } from '../lifecycle/disposable';
import type { ModelStatusInput } from './modelStatus';

/** Coalesces bursts of events (a streamed call records several) into one refresh. */
const REFRESH_DELAY_MS = 250;
/**
 * While a circuit is open the view says "probe in 30 s": it counts down in steps of this many
 * seconds, then every second for the last ten.
 */
const COUNTDOWN_STEP_MS = 5_000;
const COUNTDOWN_FINAL_MS = 10_000;

export interface ModelsViewRefreshOptions {
  /** Reads the live status from the router and the metrics store (in memory). Called once per refresh. */
  readonly gather: () => ModelStatusInput;
  /** Shows one gathered status: the Models view and the status bar both read this one. */
  readonly show: (status: ModelStatusInput) => void;
  readonly now?: () => number;
  /** Timer, for tests. Default setTimeout. */
  readonly schedule?: (callback: () => void, ms: number) => Disposable;
}

/**
 * Keeps the Models view and the status bar current: requests are coalesced into one refresh, each
 * refresh gathers the status once and shows it in both, and a refresh also runs by itself at the
 * moments no event announces (a circuit's cool-down ending, a new day).
 */
export class ModelsViewRefresh implements Disposable {
  private readonly now: () => number;
  private readonly schedule: (callback: () => void, ms: number) => Disposable;
  private pending: Disposable | undefined;
  private wakeUp: Disposable | undefined;
  private disposed = false;

  constructor(private readonly options: ModelsViewRefreshOptions) {
    this.now = options.now ?? Date.now;
    this.schedule =
      options.schedule ??
      ((callback, ms) => {
        const handle = setTimeout(callback, ms);
        return toDisposable(() => clearTimeout(handle));
      });
  }

  /** Refreshes soon; requests until then are served by the same refresh. */
  request(): void {
    // Events still arrive while the extension shuts down: a disposed view is not read or shown again.
    if (this.disposed) return;
    this.pending ??= this.schedule(() => this.refreshNow(), REFRESH_DELAY_MS);
  }

  refreshNow(): void {
    this.pending = undefined;
    if (this.disposed) return;
    const status = this.options.gather();
    this.options.show(status);
    // Nothing fires when a circuit's cool-down ends or a new day starts: wake up for those moments.
    const now = this.now();
    const midnight = new Date(now);
    midnight.setHours(24, 0, 5, 0);
    const moments = [
      midnight.getTime(),
      ...status.health.flatMap((h) => (h.probeAt !== undefined && h.probeAt > now ? [h.probeAt + 50, now + countdownStep(h.probeAt - now)] : [])),
    ];
    this.wakeUp?.dispose();
    this.wakeUp = this.schedule(() => this.refreshNow(), Math.max(1000, Math.min(...moments) - now));
  }

  dispose(): void {
    this.disposed = true;
    this.pending?.dispose();
    this.wakeUp?.dispose();
  }
}

/** When the "probe in …" countdown should show its next figure. */
function countdownStep(remainingMs: number): number {
  return remainingMs > COUNTDOWN_FINAL_MS ? Math.min(COUNTDOWN_STEP_MS, remainingMs - COUNTDOWN_FINAL_MS) : 1_000;
}
