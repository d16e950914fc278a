import type { ModelErrorKind, ProviderKind } from '../providers/contract';
import type { AttemptOrigin, RecordedCapability } from './attemptRecord';
import { emptyAggregate, mergeScalars, type Aggregate } from './aggregate';
import type { Bucket } from './bucket';
import { HistogramAccumulator, type SparseHistogram } from './logHistogram';
import { dayKey, hourStart, MINUTE_MS } from './timeKeys';

export const GROUP_DIMENSIONS = ['model', 'provider', 'capability', 'experiment', 'variant', 'task', 'phase', 'day', 'hour'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export interface MetricsQuery {
  /**
   * Epoch ms, inclusive. Exact through the store (the part of an hour at either end comes from the
   * raw log while it is kept, `retentionDays`; before that, and in a bare index, the whole hour
   * counts). Default: everything kept.
   */
  readonly from?: number;
  /** Epoch ms, exclusive, exact like `from`. Default: no end. */
  readonly to?: number;
  /** Dimensions to group rows by; none gives one row for the whole range. */
  readonly groupBy?: readonly GroupDimension[];
  readonly filter?: {
    readonly modelId?: string;
    readonly provider?: ProviderKind;
    readonly capability?: RecordedCapability;
    readonly experiment?: string;
    readonly variant?: string;
    /** Only calls from this origin (calls recorded before origins were kept have none, and never match). */
    readonly origin?: AttemptOrigin;
  };
  /**
   * Shifts `day` grouping to a local calendar. Rollups are hourly: in a zone a half or three
   * quarters of an hour off UTC, the calls of a partial hour at the range's start count in the day
   * of `from` (so a range from local midnight is exact), and inside the range an hour straddling
   * local midnight counts in the day it starts in. Default 0 (UTC).
   */
  readonly utcOffsetMinutes?: number;
}

/** One row of a query: the group's key fields (those grouped by) and its figures. Flat, for CSV. */
export interface MetricsRow {
  readonly day?: string;
  /** Epoch ms of the UTC hour start. */
  readonly hour?: number;
  readonly modelId?: string;
  /** With `model` grouping: the provider and provider model of the group's latest hour. */
  readonly provider?: ProviderKind;
  readonly providerModel?: string;
  readonly capability?: RecordedCapability;
  readonly experiment?: string;
  readonly variant?: string;
  /** With `task` / `phase` grouping: the task and phase the calls served (absent for plain answers). */
  readonly taskId?: string;
  readonly phase?: string;
  readonly count: number;
  readonly success: number;
  readonly partial: number;
  readonly error: number;
  readonly cancelled: number;
  /** Whole answers that had to be structured output, and how many of them the schema refused. */
  readonly structured: number;
  readonly schemaFailed: number;
  /** (structured − schemaFailed) / structured: how often the model's structured output validated. */
  readonly structuredSuccessRate: number | undefined;
  readonly cachedResponses: number;
  readonly errorsByKind: Partial<Record<ModelErrorKind, number>>;
  /**
   * Of the calls the models answered (see servedOutcomes), success / (count − cancelled): a
   * cancellation is the person's choice, not the model's failure; an answer from the cache no model's.
   */
  readonly successRate: number | undefined;
  readonly latencyP50Ms: number | undefined;
  readonly latencyP95Ms: number | undefined;
  readonly latencyMeanMs: number | undefined;
  readonly ttftP50Ms: number | undefined;
  readonly ttftP95Ms: number | undefined;
  readonly ttftMeanMs: number | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  /** Mean of the reported tokens-per-second figures. */
  readonly tokensPerSecond: number | undefined;
  /** The total cost when every call's cost is known; undefined when any is unknown (see the two below). */
  readonly costUsd: number | undefined;
  /** Sum of the costs that are known (a lower bound when some are unknown). */
  readonly costKnownUsd: number;
  /** Calls whose cost is unknown: never counted as 0 in `costKnownUsd`. */
  readonly costUnknownCount: number;
}

interface Group {
  readonly keyFields: Record<string, string | number>;
  readonly agg: Aggregate;
  readonly latency: SparseHistogram[];
  readonly ttft: SparseHistogram[];
  latestHour: number;
}

/**
 * The calls a model answered: the cache's answers count as calls but asked no model, so latency and
 * cost per call are over these.
 */
export function servedCalls(row: { readonly count: number; readonly cachedResponses: number }): number {
  return row.count - row.cachedResponses;
}

/**
 * The successes and decided (not cancelled) calls of the models themselves: each answer from the
 * cache is a success no model gave, which would flatter whichever side the cache served more (an
 * A/B variant). `rate` is null with nothing decided.
 */
export function servedOutcomes(row: { readonly count: number; readonly cachedResponses: number; readonly success: number; readonly cancelled: number }): {
  readonly success: number;
  readonly decided: number;
  readonly rate: number | null;
} {
  const success = row.success - row.cachedResponses;
  const decided = servedCalls(row) - row.cancelled;
  return { success, decided, rate: decided > 0 ? success / decided : null };
}

/** Calls `visit` for every bucket of the range [from, to) (the caller picks hourly or daily buckets). */
export type BucketSource = (from: number, to: number, visit: (bucket: Bucket) => void) => void;

/** Runs a query over buckets: scalars are summed as they come, histograms merged per group at the end. */
export function runQuery(query: MetricsQuery, source: BucketSource): MetricsRow[] {
  const groupBy = new Set(query.groupBy ?? []);
  const filter = query.filter ?? {};
  const offset = (query.utcOffsetMinutes ?? 0) * MINUTE_MS;
  const groups = new Map<string, Group>();
  source(query.from ?? 0, query.to ?? Number.POSITIVE_INFINITY, (bucket) => {
    const d = bucket.dims;
    if (filter.modelId !== undefined && d.modelId !== filter.modelId) return;
    if (filter.provider !== undefined && d.provider !== filter.provider) return;
    if (filter.capability !== undefined && d.capability !== filter.capability) return;
    if (filter.experiment !== undefined && d.experiment !== filter.experiment) return;
    if (filter.variant !== undefined && d.variant !== filter.variant) return;
    if (filter.origin !== undefined && d.origin !== filter.origin) return;
    const key = groupKey(bucket, groupBy, offset);
    let group = groups.get(key);
    if (!group) {
      group = { keyFields: keyFields(bucket, groupBy, offset), agg: emptyAggregate(), latency: [], ttft: [], latestHour: -1 };
      groups.set(key, group);
    }
    mergeScalars(group.agg, bucket.agg);
    if (bucket.agg.latency.length > 0) group.latency.push(bucket.agg.latency);
    if (bucket.agg.ttft.length > 0) group.ttft.push(bucket.agg.ttft);
    if (groupBy.has('model') && d.hour > group.latestHour) {
      group.latestHour = d.hour;
      group.keyFields['provider'] = d.provider;
      group.keyFields['providerModel'] = d.providerModel;
    }
  });
  const acc = new HistogramAccumulator();
  const rows = [...groups.values()].map((g) => toRow(g, acc));
  return rows.sort(compareRows);
}

function groupKey(b: Bucket, groupBy: ReadonlySet<GroupDimension>, offset: number): string {
  const d = b.dims;
  let key = '';
  if (groupBy.has('day')) key += dayKey(d.hour + offset) + '\u0000';
  if (groupBy.has('hour')) key += hourStart(d.hour) + '\u0000';
  if (groupBy.has('model')) key += d.modelId + '\u0000';
  if (groupBy.has('provider')) key += d.provider + '\u0000';
  if (groupBy.has('capability')) key += d.capability + '\u0000';
  if (groupBy.has('experiment')) key += (d.experiment ?? '') + '\u0001\u0000';
  if (groupBy.has('variant')) key += (d.variant ?? '') + '\u0001\u0000';
  if (groupBy.has('task')) key += (d.taskId ?? '') + '\u0001\u0000';
  if (groupBy.has('phase')) key += (d.phase ?? '') + '\u0001\u0000';
  return key;
}

function keyFields(b: Bucket, groupBy: ReadonlySet<GroupDimension>, offset: number): Record<string, string | number> {
  const d = b.dims;
  const k: Record<string, string | number> = {};
  if (groupBy.has('day')) k['day'] = dayKey(d.hour + offset);
  // A partial first hour's bucket starts at the range's start; its row is still that hour's.
  if (groupBy.has('hour')) k['hour'] = hourStart(d.hour);
  if (groupBy.has('model')) k['modelId'] = d.modelId;
  if (groupBy.has('provider')) k['provider'] = d.provider;
  if (groupBy.has('capability')) k['capability'] = d.capability;
  if (groupBy.has('experiment') && d.experiment !== undefined) k['experiment'] = d.experiment;
  if (groupBy.has('variant') && d.variant !== undefined) k['variant'] = d.variant;
  if (groupBy.has('task') && d.taskId !== undefined) k['taskId'] = d.taskId;
  if (groupBy.has('phase') && d.phase !== undefined) k['phase'] = d.phase;
  return k;
}

function toRow(g: Group, acc: HistogramAccumulator): MetricsRow {
  const a = g.agg;
  acc.reset();
  for (const h of g.latency) acc.add(h);
  const latencyP50Ms = acc.quantile(0.5);
  const latencyP95Ms = acc.quantile(0.95);
  acc.reset();
  for (const h of g.ttft) acc.add(h);
  const ttftP50Ms = acc.quantile(0.5);
  const ttftP95Ms = acc.quantile(0.95);
  return {
    ...(g.keyFields as Partial<MetricsRow>),
    count: a.count,
    success: a.success,
    partial: a.partial,
    error: a.error,
    cancelled: a.cancelled,
    structured: a.structured,
    schemaFailed: a.schemaFailed,
    structuredSuccessRate: a.structured > 0 ? (a.structured - a.schemaFailed) / a.structured : undefined,
    cachedResponses: a.cachedResponses,
    errorsByKind: { ...a.errorsByKind },
    successRate: servedOutcomes(a).rate ?? undefined,
    latencyP50Ms,
    latencyP95Ms,
    latencyMeanMs: servedCalls(a) > 0 ? a.latencySumMs / servedCalls(a) : undefined,
    ttftP50Ms,
    ttftP95Ms,
    ttftMeanMs: a.ttftCount > 0 ? a.ttftSumMs / a.ttftCount : undefined,
    inputTokens: a.inputTokens,
    outputTokens: a.outputTokens,
    cacheReadTokens: a.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens,
    tokensPerSecond: a.tokensPerSecondCount > 0 ? a.tokensPerSecondSum / a.tokensPerSecondCount : undefined,
    costUsd: a.costUnknownCount === 0 ? a.costKnownUsd : undefined,
    costKnownUsd: a.costKnownUsd,
    costUnknownCount: a.costUnknownCount,
  };
}

const ORDER = ['day', 'hour', 'modelId', 'provider', 'capability', 'experiment', 'variant', 'taskId', 'phase'] as const;

function compareRows(a: MetricsRow, b: MetricsRow): number {
  for (const k of ORDER) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
