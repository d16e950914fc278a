import type { AttemptRecord } from './attemptRecord';
import { BucketTable, localDayStart, type Bucket } from './bucket';
import { addSpend, type DayFile, type DayRollup } from './dayRollup';
import { runQuery, type MetricsQuery, type MetricsRow } from './metricsQuery';
import { RecentTable } from './recentTable';
import { SpendTable } from './spendTable';
import { DAY_MS, dayKeyStart, dayStart, HOUR_MS, hourStart, MINUTE_MS } from './timeKeys';

/** Reads a sealed day's hourly buckets when a query first needs them; undefined when they cannot be read. */
export type HoursLoader = (day: string) => readonly Bucket[] | undefined;

/**
 * Everything the store answers from, in memory: buckets per hour and the same merged per day (a
 * 30-day query then visits 30 buckets per series instead of 720), spend per minute, and the recent
 * attempts. Sealed days bring their daily buckets at once and their hourly ones on first use.
 */
export class MetricsIndex {
  readonly hourly = new BucketTable(hourStart);
  readonly daily = new BucketTable(dayStart);
  /** Daily tables for local calendars (by offset ms), built day by day from hours when first asked for. */
  private readonly local = new Map<number, { readonly table: BucketTable; readonly built: Set<number> }>();
  readonly spend = new SpendTable();
  readonly recent: RecentTable;
  records = 0;
  /** Sealed days (by start ms) whose hourly buckets are still on disk. */
  private readonly hoursOnDisk = new Map<number, string>();

  constructor(
    recentLimit: number,
    private readonly loadHoursFile: HoursLoader,
  ) {
    this.recent = new RecentTable(recentLimit);
  }

  add(record: AttemptRecord): void {
    this.hourly.add(record);
    this.daily.add(record);
    for (const [offset, local] of this.local) {
      if (local.built.has(localDayStart(record.time, offset))) local.table.add(record);
    }
    this.spend.add(record);
    this.recent.add(record);
    this.records += 1;
  }

  /** Adds a sealed day; its buckets become this index's (the file object must not be used afterwards). */
  addSealedDay(file: DayFile): void {
    for (const b of file.daily) this.daily.adopt(b);
    addSpend(this.spend, file.spend);
    this.records += file.counts.records;
    this.hoursOnDisk.set(dayKeyStart(file.day), file.day);
  }

  /** Adds a saved unfinished day (copied: the rollup keeps growing on its own). */
  addOpenDay(rollup: DayRollup): void {
    // Only while loading, before any local calendar was built.
    for (const b of rollup.buckets.all()) {
      this.hourly.merge(b);
      this.daily.merge(b);
    }
    for (const c of rollup.spend.minuteCells()) this.spend.addCell(c.workspace, c.minute, c);
    this.records += rollup.counts.records;
  }

  query(query: MetricsQuery): MetricsRow[] {
    const groupBy = query.groupBy ?? [];
    // The offset only matters when rows are per day; otherwise whole UTC days serve as well.
    const offset = groupBy.includes('day') ? (query.utcOffsetMinutes ?? 0) * MINUTE_MS : 0;
    return runQuery(query, (from, to, visit) => {
      let start = hourStart(from);
      let end = Number.isFinite(to) ? Math.ceil(to / HOUR_MS) * HOUR_MS : Number.POSITIVE_INFINITY;
      if (groupBy.includes('hour')) {
        this.hours(start, end, visit);
        return;
      }
      let days = this.daily;
      if (offset !== 0) {
        // A local calendar: days are built from hours on first use, so every hour must be here.
        this.loadHours(localDayStart(start, offset), end + DAY_MS);
        start = Math.max(start, this.hourly.first);
        end = Math.min(end, this.hourly.last + HOUR_MS);
        days = this.localDays(offset, start, end);
      }
      // Whole days from the daily buckets, the hours before and after them from the hourly ones.
      let firstDay = localDayStart(start, offset);
      if (ceilHour(firstDay) < start) firstDay += DAY_MS;
      const endDay = Number.isFinite(end) ? localDayStart(end, offset) : Number.POSITIVE_INFINITY;
      if (firstDay >= endDay) {
        this.hours(start, end, visit);
        return;
      }
      this.hours(start, ceilHour(firstDay), visit);
      for (const b of days.range(firstDay, endDay)) visit(b);
      if (Number.isFinite(endDay)) this.hours(ceilHour(endDay), end, visit);
    });
  }

  /** The daily table for a calendar `offset` east of UTC, with every day in [start, end) built. */
  private localDays(offset: number, start: number, end: number): BucketTable {
    let local = this.local.get(offset);
    if (!local) {
      local = { table: new BucketTable((ms) => localDayStart(ms, offset)), built: new Set() };
      this.local.set(offset, local);
    }
    for (let day = localDayStart(start, offset); day < end; day += DAY_MS) {
      if (local.built.has(day)) continue;
      for (const b of this.hourly.range(ceilHour(day), ceilHour(day + DAY_MS))) local.table.merge(b);
      local.built.add(day);
    }
    return local.table;
  }

  private loadHours(from: number, to: number): void {
    // A day's file holds the records appended that day, some of which started the day before.
    for (const [start, day] of this.hoursOnDisk) {
      if (start + DAY_MS <= from || start - DAY_MS >= to) continue;
      this.hoursOnDisk.delete(start);
      for (const b of this.loadHoursFile(day) ?? []) this.hourly.adopt(b);
    }
  }

  private hours(from: number, to: number, visit: (b: Bucket) => void): void {
    if (from >= to) return;
    this.loadHours(from, to);
    for (const b of this.hourly.range(from, to)) visit(b);
  }
}

function ceilHour(ms: number): number {
  return Math.ceil(ms / HOUR_MS) * HOUR_MS;
}
