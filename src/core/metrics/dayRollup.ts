import { z } from 'zod';
import type { AttemptRecord } from './attemptRecord';
import { attemptRecordSchema } from './attemptRecordSchema';
import { BucketTable, bucketSchema, type Bucket } from './bucket';
import { RecentTable } from './recentTable';
import { SpendTable } from './spendTable';
import { DAY_KEY_PATTERN, dayStart } from './timeKeys';

/** How far a segment file has been read: bytes (always at a line boundary) and lines. */
export interface SegmentProgress {
  size: number;
  lines: number;
}

export interface ReadCounts {
  records: number;
  /** Incomplete last lines left by a writer that died mid-write. */
  torn: number;
  /** Complete lines that were not a valid record. */
  corrupt: number;
}

/**
 * Everything recorded in one day's log segments (all windows' files for that UTC day), summarized.
 * Sealed into two files when the day is over:
 * - `rollups/<day>.json`: the day's buckets merged per day, its spend per minute, how far each
 *   segment was read. Small; every one is loaded when the store opens.
 * - `rollups/<day>.hours.json`: the same buckets per hour, loaded only when a query needs hours
 *   of that day (a "last 24 hours" view, a range starting mid-day), so that opening the store
 *   does not parse 24 times what most views use.
 * The day file is written last and marks the day as sealed.
 */
export class DayRollup {
  readonly buckets = new BucketTable();
  readonly spend = new SpendTable();
  readonly segments = new Map<string, SegmentProgress>();
  readonly counts: ReadCounts = { records: 0, torn: 0, corrupt: 0 };
  /** The day's latest attempts: saved with an unfinished day only (sealed days leave them to recent.json). */
  readonly recent: RecentTable;

  constructor(
    readonly day: string,
    recentLimit: number,
  ) {
    this.recent = new RecentTable(recentLimit);
  }

  add(record: AttemptRecord): void {
    this.buckets.add(record);
    this.spend.add(record);
    this.recent.add(record);
    this.counts.records += 1;
  }

  toFiles(): { readonly day: DayFile; readonly hours: HoursFile } {
    const daily = new BucketTable(dayStart);
    for (const b of this.buckets.all()) daily.merge(b);
    const spend: Record<string, number[]> = {};
    for (const c of this.spend.minuteCells()) {
      const key = c.workspace ?? '';
      (spend[key] ??= []).push(c.minute, c.usd, c.unknown, c.count);
    }
    return {
      day: {
        version: 2,
        day: this.day,
        segments: Object.fromEntries(this.segments),
        counts: { ...this.counts },
        daily: [...daily.all()],
        spend,
      },
      hours: { version: 2, day: this.day, buckets: [...this.buckets.all()] },
    };
  }

  /** Rebuilds a sealed day from its two files (to fold late lines into it). */
  static fromFiles(day: DayFile, hours: HoursFile, recentLimit: number, recent: readonly AttemptRecord[] = []): DayRollup {
    const rollup = new DayRollup(day.day, recentLimit);
    for (const r of recent) rollup.recent.add(r);
    for (const [name, p] of Object.entries(day.segments)) rollup.segments.set(name, { size: p.size, lines: p.lines });
    Object.assign(rollup.counts, day.counts);
    for (const b of hours.buckets) rollup.buckets.merge(b);
    addSpend(rollup.spend, day.spend);
    return rollup;
  }
}

/** Adds a day file's spend (flat [minute, usd, unknown, count] runs per workspace) to a table. */
export function addSpend(table: SpendTable, spend: Readonly<Record<string, readonly number[]>>): void {
  for (const [key, cells] of Object.entries(spend)) {
    const workspace = key === '' ? undefined : key;
    for (let i = 0; i + 3 < cells.length; i += 4) {
      table.addCell(workspace, cells[i] as number, { usd: cells[i + 1] as number, unknown: cells[i + 2] as number, count: cells[i + 3] as number });
    }
  }
}

const progressSchema = z.object({ size: z.number().int().nonnegative(), lines: z.number().int().nonnegative() });
const dayKeySchema = z.string().regex(DAY_KEY_PATTERN, 'must be a YYYY-MM-DD day');

export const dayFileSchema = z.object({
  version: z.literal(2),
  day: dayKeySchema,
  segments: z.record(z.string(), progressSchema),
  counts: z.object({ records: z.number().int().nonnegative(), torn: z.number().int().nonnegative(), corrupt: z.number().int().nonnegative() }),
  daily: z.array(bucketSchema),
  spend: z.record(
    z.string(),
    z.custom<number[]>(
      (a) => Array.isArray(a) && a.length % 4 === 0 && a.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0),
      'must hold [minute, usd, unknown, count] runs of non-negative numbers',
    ),
  ),
});

export const hoursFileSchema = z.object({
  version: z.literal(2),
  day: dayKeySchema,
  buckets: z.array(bucketSchema),
});

/** An unfinished day saved as it stood (on dispose, and now and then), so opening reads only what came after. */
export const openDayFileSchema = z.object({ version: z.literal(2), day: dayFileSchema, hours: hoursFileSchema, recent: z.array(attemptRecordSchema) });

export interface DayFile {
  readonly version: 2;
  readonly day: string;
  readonly segments: Readonly<Record<string, SegmentProgress>>;
  readonly counts: ReadCounts;
  readonly daily: readonly Bucket[];
  readonly spend: Readonly<Record<string, readonly number[]>>;
}

export interface HoursFile {
  readonly version: 2;
  readonly day: string;
  readonly buckets: readonly Bucket[];
}
