import { join } from 'node:path';
import type { Capability } from '../router/capabilities';
import type { AttemptRecord } from './attemptRecord';
import { BucketTable, type Bucket } from './bucket';
import type { MetricsQuery, MetricsRow } from './metricsQuery';
import { listSegments, readSegmentTail, startedWithin } from './segmentFiles';
import { ALL_WORKSPACES, type SpendSummary } from './spendTable';
import type { StoreGeneration } from './storeGeneration';
import type { StoreMemory } from './storeMemory';
import { DAY_MS, dayKeyStart, dayStart, hourStart } from './timeKeys';

/** A call is recorded when it ends: after this, no record can still arrive for a moment in the past. */
const SETTLED_AFTER_MS = 60 * 60_000;

export interface QuerySources {
  readonly memory: StoreMemory;
  readonly logDir: string;
  readonly generation: StoreGeneration;
  readonly now: () => number;
  readonly retentionDays: number;
  /** Picks up other windows' appends when the last look is old enough; called before each read from memory. */
  readonly beforeRead: () => void;
}

type PartialCache = { stamp: string; buckets: Map<string, readonly Bucket[]> };

/** What the store answers: figures, spend, recent attempts and raw records, from memory and the log. */
export class MetricsQueries {
  private readonly partialCache: PartialCache = { stamp: '', buckets: new Map() };
  private readonly settledPartials: PartialCache = { stamp: '', buckets: new Map() };

  constructor(private readonly sources: QuerySources) {}

  query(query: MetricsQuery = {}): MetricsRow[] {
    this.sources.beforeRead();
    return this.sources.memory.index.query(query, this.partialHour);
  }

  /**
   * Spend by calls made for `workspace` (undefined: outside any workspace) with `since <= time`,
   * to the minute. Unknown costs are counted apart, never as 0.
   */
  spendSince(workspace: string | undefined, since: number, until = Number.MAX_SAFE_INTEGER): SpendSummary {
    this.sources.beforeRead();
    return this.sources.memory.index.spend.sum(workspace, since, until);
  }

  /** Spend over every workspace (the status bar's "today"). */
  totalSpendSince(since: number, until = Number.MAX_SAFE_INTEGER): SpendSummary {
    this.sources.beforeRead();
    return this.sources.memory.index.spend.sum(ALL_WORKSPACES, since, until);
  }

  /** Known USD with `fromMs <= time < toMs`, for the budget guard. */
  spentUsd(workspace: string | undefined, fromMs: number, toMs: number): number {
    this.sources.beforeRead();
    return this.sources.memory.index.spend.sum(workspace, fromMs, toMs).knownUsd;
  }

  /** The last `limit` attempts of a model for a capability, oldest first (for the adaptive router). */
  recent(modelId: string, capability: Capability, limit?: number): readonly AttemptRecord[] {
    this.sources.beforeRead();
    return this.sources.memory.index.recent.get(modelId, capability, limit);
  }

  /** Every kept recent attempt, oldest first: replay these into the router's statistics at start-up. */
  recentAll(): AttemptRecord[] {
    this.sources.beforeRead();
    return [...this.sources.memory.index.recent.all()].sort((a, b) => a.time - b.time);
  }

  /** Raw records still in the log (within retention) with `from <= time < to`, validated, file by file. */
  *records(range: { readonly from?: number; readonly to?: number } = {}): Generator<AttemptRecord> {
    const from = range.from ?? 0;
    const to = range.to ?? Number.POSITIVE_INFINITY;
    const { logDir } = this.sources;
    for (const name of listSegments(logDir)) {
      // A segment holds the records appended on its day, whose start times can be a little earlier.
      const start = dayKeyStart(name.day);
      if (start + DAY_MS <= from || start - DAY_MS >= to) continue;
      const found: AttemptRecord[] = [];
      readSegmentTail(
        join(logDir, name.file),
        name.file,
        { size: 0, lines: 0 },
        true,
        (r) => {
          if (r.time >= from && r.time < to) found.push(r);
        },
        startedWithin(from, to),
      );
      yield* found;
    }
  }

  /**
   * The calls of part of an hour, from the raw log, for a range that starts (or ends) inside an
   * hour: rollups are hourly, and local midnight in India or Nepal is not on the hour. Undefined
   * (the whole hour is used) once the day's raw log is past retention, and for the rest of an hour
   * that has not ended: no call can start after now, so the whole hour is exact.
   */
  private readonly partialHour = (from: number, to: number): readonly Bucket[] | undefined => {
    const { memory, generation } = this.sources;
    const now = this.sources.now();
    if (from === hourStart(from) && to > now) return undefined;
    if (dayStart(from) < dayStart(now) - this.sources.retentionDays * DAY_MS) return undefined;
    // Views ask for the same "today", week and month again after every call. A part of an hour
    // that ended long enough ago (longer than any call may run, plus another window's refresh) can
    // gain no record, so it stays cached until a reset; a recent one is read again after any new
    // record, here or from another window.
    const settled = to <= now - SETTLED_AFTER_MS;
    const stamp = settled ? `${generation.current}` : `${generation.current}:${memory.index.records}`;
    const cache = settled ? this.settledPartials : this.partialCache;
    if (cache.stamp !== stamp || cache.buckets.size >= 64) {
      cache.stamp = stamp;
      cache.buckets = new Map();
    }
    const key = `${from}:${to}`;
    const cached = cache.buckets.get(key);
    if (cached) return cached;
    const table = new BucketTable(() => from);
    for (const record of this.records({ from, to })) table.add(record);
    const buckets = [...table.all()];
    cache.buckets.set(key, buckets);
    return buckets;
  };
}
