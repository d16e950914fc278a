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
 * The calls that started in [from, to), a part of one hour, as buckets whose `hour` is `from`;
 * undefined when they cannot be told apart from the rest of their hour (then the whole hour is used).
 */
export type PartialHourSource = (from: number, to: number) => readonly Bucket[] | undefined;

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

  /**
   * Runs a query. Buckets are hourly, so without `partial` a range starting or ending inside an
   * hour takes that whole hour. With it, the part of an hour at either end of the range is served
   * from `partial` (the raw records), so that e.g. "today" in a zone half or three quarters of an
   * hour off UTC (India, Nepal) counts exactly the calls since local midnight; and those calls
   * count in the local day of the range's start, whichever day the rest of their hour belongs to.
   */
  query(query: MetricsQuery, partial?: PartialHourSource): MetricsRow[] {
    const groupBy = query.groupBy ?? [];
    // The offset only matters when rows are per day; otherwise whole UTC days serve as well.
    const offset = groupBy.includes('day') ? (query.utcOffsetMinutes ?? 0) * MINUTE_MS : 0;
    return runQuery(query, (from, to, visit) => {
      let start = hourStart(from);
      let end = Number.isFinite(to) ? ceilHour(to) : Number.POSITIVE_INFINITY;
      if (partial && from > start) {
        const head = partial(from, Math.min(ceilHour(from), to));
        if (head) {
          for (const b of head) visit(b);
          start = ceilHour(from);
          if (start >= to) return;
        }
      }
      let tail: readonly Bucket[] | undefined;
      // The part of the last hour before `to` (when the head is not served from `partial`, `from` is on the hour or the whole first hour is taken anyway).
      if (partial && to < end && hourStart(to) >= start) {
        tail = partial(hourStart(to), to);
        if (tail) end = hourStart(to);
      }
      this.wholeHours(start, end, groupBy.includes('hour'), offset, visit);
      for (const b of tail ?? []) visit(b);
    });
  }

  private wholeHours(start: number, end: number, byHour: boolean, offset: number, visit: (b: Bucket) => void): void {
    if (start >= end) return;
    if (byHour) {
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
