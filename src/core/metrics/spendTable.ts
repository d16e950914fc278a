import type { AttemptRecord } from './attemptRecord';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './timeKeys';

/** Spend in a time range: the known dollars, and how many calls had no known price. */
export interface SpendSummary {
  readonly knownUsd: number;
  readonly unknownCount: number;
  readonly count: number;
}

export interface SpendCell {
  readonly usd: number;
  readonly unknown: number;
  readonly count: number;
}

export interface SpendCellRow extends SpendCell {
  readonly workspace?: string | undefined;
  readonly minute: number;
}

/** Key for calls made outside any workspace (a workspace key is never empty). */
const NO_WORKSPACE = '';
/** Selects every workspace in {@link SpendTable.sum}. */
export const ALL_WORKSPACES: unique symbol = Symbol('all workspaces');

/** Minute figures are kept this long; older days answer to the hour (budgets look back a month). */
const MINUTE_DETAIL_DAYS = 45;
const MINUTES_PER_DAY = 1_440;

/** One workspace's day: [usd, unknown, count] triples per minute and per hour, and the day's total. */
interface DaySpend {
  minutes: Float64Array | undefined;
  readonly hours: Float64Array;
  readonly total: Float64Array;
}

/**
 * Spend per workspace per day, in flat arrays by minute and by hour beside the day's total, so a
 * range costs a few dozen array reads (whole days, then hours and minutes at the edges) however
 * long it is: the budget check runs before every routed call. Minute resolution is exact for what
 * budgets ask (local midnight and the start of a month fall on whole minutes in every time zone).
 */
export class SpendTable {
  private readonly byWorkspace = new Map<string, Map<number, DaySpend>>();
  private latestDay = Number.NEGATIVE_INFINITY;

  add(record: AttemptRecord): void {
    this.addCell(record.workspace, Math.floor(record.time / MINUTE_MS) * MINUTE_MS, {
      usd: record.costUsd ?? 0,
      unknown: record.costUsd === undefined ? 1 : 0,
      count: 1,
    });
  }

  addCell(workspace: string | undefined, minute: number, cell: SpendCell): void {
    const key = workspace || NO_WORKSPACE;
    let days = this.byWorkspace.get(key);
    if (!days) {
      days = new Map();
      this.byWorkspace.set(key, days);
    }
    const day = Math.floor(minute / DAY_MS) * DAY_MS;
    let spend = days.get(day);
    if (!spend) {
      spend = { minutes: undefined, hours: new Float64Array(24 * 3), total: new Float64Array(3) };
      days.set(day, spend);
    }
    if (day > this.latestDay) {
      this.latestDay = day;
      this.dropOldMinutes();
    }
    if (!spend.minutes && day > this.latestDay - MINUTE_DETAIL_DAYS * DAY_MS) spend.minutes = new Float64Array(MINUTES_PER_DAY * 3);
    add3(spend.total, 0, cell);
    add3(spend.hours, Math.floor((minute - day) / HOUR_MS) * 3, cell);
    if (spend.minutes) add3(spend.minutes, Math.floor((minute - day) / MINUTE_MS) * 3, cell);
  }

  /** Calls with `fromMs <= time < toMs`, both rounded down to the minute (to the hour beyond 45 days). */
  sum(workspace: string | undefined | typeof ALL_WORKSPACES, fromMs: number, toMs: number): SpendSummary {
    const total = new Float64Array(3);
    const from = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
    const to = Math.floor(toMs / MINUTE_MS) * MINUTE_MS;
    const keys = workspace === ALL_WORKSPACES ? [...this.byWorkspace.keys()] : [workspace || NO_WORKSPACE];
    for (const key of keys) {
      const days = this.byWorkspace.get(key);
      if (!days) continue;
      for (const [day, spend] of days) {
        if (day + DAY_MS <= from || day >= to) continue;
        if (day >= from && day + DAY_MS <= to) add3(total, 0, spend.total);
        else sumWithinDay(spend, Math.max(from, day) - day, Math.min(to, day + DAY_MS) - day, total);
      }
    }
    return { knownUsd: total[0] as number, unknownCount: total[1] as number, count: total[2] as number };
  }

  /** Every minute with calls in it, for writing a rollup file (hours only where minutes were dropped). */
  *minuteCells(): Generator<SpendCellRow> {
    for (const [key, days] of this.byWorkspace) {
      const workspace = key === NO_WORKSPACE ? undefined : key;
      for (const [day, spend] of days) {
        const [cells, unit] = spend.minutes ? [spend.minutes, MINUTE_MS] : [spend.hours, HOUR_MS];
        for (let i = 0; i < cells.length; i += 3) {
          const count = cells[i + 2] as number;
          if (count > 0) yield { workspace, minute: day + (i / 3) * unit, usd: cells[i] as number, unknown: cells[i + 1] as number, count };
        }
      }
    }
  }

  private dropOldMinutes(): void {
    const cutoff = this.latestDay - MINUTE_DETAIL_DAYS * DAY_MS;
    for (const days of this.byWorkspace.values()) {
      for (const [day, spend] of days) if (day <= cutoff) spend.minutes = undefined;
    }
  }
}

function add3(into: Float64Array, at: number, cell: SpendCell | Float64Array): void {
  const [usd, unknown, count] = cell instanceof Float64Array ? [cell[0] as number, cell[1] as number, cell[2] as number] : [cell.usd, cell.unknown, cell.count];
  into[at] = (into[at] as number) + usd;
  into[at + 1] = (into[at + 1] as number) + unknown;
  into[at + 2] = (into[at + 2] as number) + count;
}

/** [from, to) in ms from the day's start: minutes up to an hour boundary, whole hours, minutes after. */
function sumWithinDay(spend: DaySpend, from: number, to: number, total: Float64Array): void {
  const take = (cells: Float64Array, index: number) => {
    total[0] = (total[0] as number) + (cells[index * 3] as number);
    total[1] = (total[1] as number) + (cells[index * 3 + 1] as number);
    total[2] = (total[2] as number) + (cells[index * 3 + 2] as number);
  };
  if (!spend.minutes) {
    // Old days keep hours only: round to the hour.
    for (let h = Math.floor(from / HOUR_MS); h < Math.ceil(to / HOUR_MS); h++) take(spend.hours, h);
    return;
  }
  let m = from / MINUTE_MS;
  const end = to / MINUTE_MS;
  while (m < end && m % 60 !== 0) take(spend.minutes, m++);
  while (m + 60 <= end) {
    take(spend.hours, m / 60);
    m += 60;
  }
  while (m < end) take(spend.minutes, m++);
}
