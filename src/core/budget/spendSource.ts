import type { AttemptRecord } from '../metrics/attemptRecord';
import { calendarDayEnd, calendarDayStart } from '../metrics/timeKeys';

/**
 * Where the budget reads what was already spent. The metrics store implements it; it must count
 * every attempt handed to the router's recorder by the time `record()` returns, because the budget
 * releases a call's in-flight reservation right after recording it (otherwise the call would be
 * counted neither as spent nor as in flight, and the budget could be overrun).
 * Synchronous on purpose: the check and the reservation must happen in one step.
 */
export interface SpendSource {
  /** USD spent for `workspace` (undefined: calls made outside any workspace) by attempts with `fromMs <= time < toMs`. */
  spentUsd(workspace: string | undefined, fromMs: number, toMs: number): number;
}

/** Receives every attempt the router makes. */
export interface AttemptSink {
  record(attempt: AttemptRecord): void;
}

/**
 * A small in-memory spend ledger, used when no metrics store is wired in (and by tests and benches).
 * Keeps one total per workspace and local day, so a query costs a few map reads whatever the
 * number of calls; ranges therefore resolve to whole days, which is what daily and monthly limits ask.
 */
export class InMemorySpendLedger implements SpendSource, AttemptSink {
  // Per workspace: local day start → that day's end (days are 23–25 h around DST) and its total.
  private readonly days = new Map<string | undefined, Map<number, { end: number; usd: number }>>();

  record(attempt: AttemptRecord): void {
    if (attempt.costUsd === undefined || attempt.costUsd === 0) return;
    let byDay = this.days.get(attempt.workspace);
    if (!byDay) {
      byDay = new Map();
      this.days.set(attempt.workspace, byDay);
    }
    const day = calendarDayStart(attempt.time);
    const cell = byDay.get(day);
    if (cell) cell.usd += attempt.costUsd;
    else byDay.set(day, { end: calendarDayEnd(attempt.time), usd: attempt.costUsd });
  }

  spentUsd(workspace: string | undefined, fromMs: number, toMs: number): number {
    const byDay = this.days.get(workspace);
    if (!byDay) return 0;
    let total = 0;
    for (const [day, cell] of byDay) {
      if (cell.end > fromMs && day < toMs) total += cell.usd;
    }
    return total;
  }

  /** Drops days that end before `beforeMs` (the start of the current month is a safe bound). */
  prune(beforeMs: number): void {
    for (const byDay of this.days.values()) {
      for (const [day, cell] of byDay) if (cell.end <= beforeMs) byDay.delete(day);
    }
  }
}
