import { z } from 'zod';
import { PROVIDER_KINDS, type ProviderKind } from '../providers/contract';
import { addRecord, aggregateSchema, emptyAggregate, mergeAggregate, type Aggregate } from './aggregate';
import { ATTEMPT_ORIGINS, RECORDED_CAPABILITIES, type AttemptOrigin, type AttemptRecord, type RecordedCapability } from './attemptRecord';
import { DAY_MS, hourStart } from './timeKeys';

/** What a rollup bucket is keyed by: one hour of one model's calls for one capability and variant. */
export interface BucketDims {
  /** Epoch ms of the bucket's start: a UTC hour (a UTC day in the daily table). */
  readonly hour: number;
  readonly modelId: string;
  readonly provider: ProviderKind;
  readonly providerModel: string;
  readonly capability: RecordedCapability;
  readonly experiment?: string;
  readonly variant?: string;
  /** The multi-model task and phase the calls served (none for a plain answer). */
  readonly taskId?: string;
  readonly phase?: string;
  /** Where the calls came from (chat, model picker, …); absent in rollups written before it was kept. */
  readonly origin?: AttemptOrigin;
}

export interface Bucket {
  readonly dims: BucketDims;
  readonly agg: Aggregate;
}

export function dimsOf(r: AttemptRecord, start: number): BucketDims {
  return {
    hour: start,
    modelId: r.modelId,
    provider: r.provider,
    providerModel: r.providerModel,
    capability: r.capability,
    ...(r.experiment !== undefined ? { experiment: r.experiment } : {}),
    ...(r.variant !== undefined ? { variant: r.variant } : {}),
    ...(r.taskId !== undefined ? { taskId: r.taskId } : {}),
    ...(r.phase !== undefined ? { phase: r.phase } : {}),
    ...(r.origin !== undefined ? { origin: r.origin } : {}),
  };
}

/** The start (epoch ms) of the day holding the hour of `ms`, for a calendar `offsetMs` east of UTC. */
export function localDayStart(ms: number, offsetMs: number): number {
  return Math.floor((hourStart(ms) + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

/** Key of a bucket within its hour (NUL cannot appear in any of these strings once JSON-escaped on disk). */
export function dimsKey(d: BucketDims): string {
  const base = `${d.modelId}\u0000${d.provider}\u0000${d.providerModel}\u0000${d.capability}\u0000${d.experiment ?? ''}\u0001${d.variant ?? ''}`;
  // A task's calls are buckets of their own (a task is a handful of calls; plain answers keep their keys).
  const withTask = d.taskId === undefined && d.phase === undefined ? base : `${base}\u0002${d.taskId ?? ''}\u0001${d.phase ?? ''}`;
  // Calls from each origin are buckets of their own, so the dashboard can show one origin's figures.
  return d.origin === undefined ? withTask : `${withTask}\u0003${d.origin}`;
}

/** Buckets grouped by hour, the layout both the day rollups and the in-memory index use. */
export class BucketTable {
  private readonly byHour = new Map<number, Map<string, Bucket>>();
  /** Ascending hours, so a time range is two binary searches. */
  private readonly hours: number[] = [];

  /**
   * @param startOf the start of the bucket holding an instant: its hour, or its (UTC or local) day
   * for the pre-merged daily tables. Always a function of the hour start, so every table agrees
   * with the hourly one on which day an hour belongs to.
   */
  constructor(private readonly startOf: (ms: number) => number = hourStart) {}

  add(record: AttemptRecord): void {
    const dims = dimsOf(record, this.startOf(record.time));
    addRecord(this.bucketFor(dims).agg, record);
  }

  /** Takes a bucket over as it is when its slot is empty (no copy): for loading rollups that are then dropped. */
  adopt(bucket: Bucket): void {
    const start = this.startOf(bucket.dims.hour);
    if (start !== bucket.dims.hour) return this.merge(bucket);
    let hour = this.byHour.get(start);
    if (!hour) {
      hour = new Map();
      this.byHour.set(start, hour);
      insertSorted(this.hours, start);
    }
    const key = dimsKey(bucket.dims);
    const existing = hour.get(key);
    if (existing) mergeAggregate(existing.agg, bucket.agg);
    else hour.set(key, bucket);
  }

  /** Adds a bucket of another table (of this table's granularity or finer). */
  merge(bucket: Bucket): void {
    const start = this.startOf(bucket.dims.hour);
    const dims = start === bucket.dims.hour ? bucket.dims : { ...bucket.dims, hour: start };
    mergeAggregate(this.bucketFor(dims).agg, bucket.agg);
  }

  bucketFor(dims: BucketDims): Bucket {
    let hour = this.byHour.get(dims.hour);
    if (!hour) {
      hour = new Map();
      this.byHour.set(dims.hour, hour);
      insertSorted(this.hours, dims.hour);
    }
    const key = dimsKey(dims);
    let bucket = hour.get(key);
    if (!bucket) {
      bucket = { dims, agg: emptyAggregate() };
      hour.set(key, bucket);
    }
    return bucket;
  }

  /** Every bucket starting in [fromMs, toMs). */
  *range(fromMs: number, toMs: number): Generator<Bucket> {
    let i = lowerBound(this.hours, fromMs);
    for (; i < this.hours.length; i++) {
      const h = this.hours[i] as number;
      if (h >= toMs) break;
      const buckets = this.byHour.get(h);
      if (buckets) yield* buckets.values();
    }
  }

  /** The first and last bucket start (±Infinity when empty). */
  get first(): number {
    return this.hours[0] ?? Number.POSITIVE_INFINITY;
  }

  get last(): number {
    return this.hours[this.hours.length - 1] ?? Number.NEGATIVE_INFINITY;
  }

  *all(): Generator<Bucket> {
    for (const h of this.hours) {
      const buckets = this.byHour.get(h);
      if (buckets) yield* buckets.values();
    }
  }

}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: number[], value: number): void {
  if (sorted.length === 0 || (sorted[sorted.length - 1] as number) < value) sorted.push(value);
  else sorted.splice(lowerBound(sorted, value), 0, value);
}

export const bucketSchema = z.object({
  dims: z.object({
    hour: z.number().int().nonnegative(),
    modelId: z.string().min(1),
    provider: z.enum(PROVIDER_KINDS),
    providerModel: z.string(),
    // Rollups written before Test Model calls were recorded hold only capabilities: a subset, so they still parse.
    capability: z.enum(RECORDED_CAPABILITIES),
    experiment: z.string().optional(),
    variant: z.string().optional(),
    taskId: z.string().optional(),
    phase: z.string().optional(),
    origin: z.enum(ATTEMPT_ORIGINS).optional(),
  }),
  agg: aggregateSchema,
});
