import { calendarDayStart, calendarMonthStart } from '../metrics/timeKeys';
import type { SpendSource } from './spendSource';

export type BudgetPeriod = 'daily' | 'monthly';

export interface BudgetLimits {
  readonly daily?: number;
  readonly monthly?: number;
}

export interface PeriodStatus {
  readonly period: BudgetPeriod;
  readonly limitUsd: number;
  /** Recorded spend in this period. */
  readonly spentUsd: number;
  /** Reserved by calls in flight (their worst-case cost). */
  readonly pendingUsd: number;
  /** (spent + pending) / limit. */
  readonly fraction: number;
}

export interface BudgetStatus {
  readonly periods: readonly PeriodStatus[];
  /** USD that may still be committed before a limit is reached (Infinity without limits). */
  readonly headroomUsd: number;
  /** The period closest to its limit, for explanations. */
  readonly tightest?: PeriodStatus;
}

export interface BudgetReservation {
  readonly usd: number;
  release(): void;
}

/**
 * Daily and monthly limits per workspace. Spend comes from a {@link SpendSource}; calls in flight
 * hold a reservation of their worst-case cost, so concurrent calls cannot together run past a limit:
 * a call is let through only if recorded spend, every reservation and its own worst case fit.
 */
export class BudgetGuard {
  private readonly pending = new Map<string | undefined, number>();

  constructor(
    private readonly spend: SpendSource,
    private readonly now: () => number = Date.now,
  ) {}

  status(workspace: string | undefined, limits: BudgetLimits): BudgetStatus {
    const now = this.now();
    const pendingUsd = this.pending.get(workspace) ?? 0;
    const periods: PeriodStatus[] = [];
    if (limits.daily !== undefined) {
      const spentUsd = this.spend.spentUsd(workspace, calendarDayStart(now), Number.MAX_SAFE_INTEGER);
      periods.push({ period: 'daily', limitUsd: limits.daily, spentUsd, pendingUsd, fraction: (spentUsd + pendingUsd) / limits.daily });
    }
    if (limits.monthly !== undefined) {
      const spentUsd = this.spend.spentUsd(workspace, calendarMonthStart(now), Number.MAX_SAFE_INTEGER);
      periods.push({ period: 'monthly', limitUsd: limits.monthly, spentUsd, pendingUsd, fraction: (spentUsd + pendingUsd) / limits.monthly });
    }
    let headroomUsd = Infinity;
    let tightest: PeriodStatus | undefined;
    for (const p of periods) {
      headroomUsd = Math.min(headroomUsd, p.limitUsd - p.spentUsd - p.pendingUsd);
      if (!tightest || p.fraction > tightest.fraction) tightest = p;
    }
    return tightest ? { periods, headroomUsd, tightest } : { periods, headroomUsd };
  }

  /** Whether a call whose worst-case cost is `usd` fits. Unknown cost (undefined) cannot be bounded and is let through. */
  fits(workspace: string | undefined, limits: BudgetLimits, usd: number | undefined): boolean {
    if (usd === undefined || usd === 0) return true;
    return usd <= this.status(workspace, limits).headroomUsd;
  }

  /** Holds `usd` until released; release once the attempt is recorded in the spend source. */
  reserve(workspace: string | undefined, usd: number | undefined): BudgetReservation {
    const amount = usd ?? 0;
    if (amount > 0) this.pending.set(workspace, (this.pending.get(workspace) ?? 0) + amount);
    let released = false;
    return {
      usd: amount,
      release: () => {
        if (released || amount === 0) return;
        released = true;
        const left = (this.pending.get(workspace) ?? 0) - amount;
        if (left <= 1e-12) this.pending.delete(workspace);
        else this.pending.set(workspace, left);
      },
    };
  }
}

/** {@link BudgetGuard.fits} against a status read in the same synchronous step. */
export function fitsStatus(status: BudgetStatus, usd: number | undefined): boolean {
  return usd === undefined || usd === 0 || usd <= status.headroomUsd;
}
