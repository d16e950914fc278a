import { z } from 'zod';
import { ERROR_KINDS, type ModelErrorKind } from '../providers/contract';
import type { AttemptRecord } from './attemptRecord';
import { histogramAdd, histogramMerge, type SparseHistogram } from './logHistogram';

/**
 * The figures kept for a set of attempts (one hour × model × capability × variant). Plain JSON so a
 * rollup file is just these; additive so any two merge exactly (sums, counts, histograms).
 */
export interface Aggregate {
  count: number;
  success: number;
  partial: number;
  error: number;
  cancelled: number;
  /** Answers that had to be structured output (asked with a schema) and came whole. */
  structured: number;
  /** Of those, the ones the schema refused (outcome `schema-failed`). */
  schemaFailed: number;
  /** Answers served from the response cache. */
  cachedResponses: number;
  errorsByKind: Partial<Record<ModelErrorKind, number>>;
  /** The latencies (and TTFT, tokens per second) of the attempts a model served: not the cache's answers. */
  latencySumMs: number;
  latency: SparseHistogram;
  ttftCount: number;
  ttftSumMs: number;
  ttft: SparseHistogram;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  tokensPerSecondSum: number;
  tokensPerSecondCount: number;
  /** Sum of the known costs (USD). */
  costKnownUsd: number;
  /** Attempts whose cost is unknown: kept apart, never added as 0. */
  costUnknownCount: number;
}

export function emptyAggregate(): Aggregate {
  return {
    count: 0,
    success: 0,
    partial: 0,
    error: 0,
    cancelled: 0,
    structured: 0,
    schemaFailed: 0,
    cachedResponses: 0,
    errorsByKind: {},
    latencySumMs: 0,
    latency: [],
    ttftCount: 0,
    ttftSumMs: 0,
    ttft: [],
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    tokensPerSecondSum: 0,
    tokensPerSecondCount: 0,
    costKnownUsd: 0,
    costUnknownCount: 0,
  };
}

export function addRecord(a: Aggregate, r: AttemptRecord): void {
  a.count += 1;
  if (r.outcome === 'schema-failed') {
    // A whole answer the schema refused: the model failed the task, not the call.
    a.error += 1;
    a.schemaFailed += 1;
  } else {
    a[r.outcome] += 1;
  }
  if (r.structured && (r.outcome === 'success' || r.outcome === 'schema-failed')) a.structured += 1;
  if (r.cached) a.cachedResponses += 1;
  if (r.errorKind) a.errorsByKind[r.errorKind] = (a.errorsByKind[r.errorKind] ?? 0) + 1;
  // An answer from the response cache took no model's time: its few milliseconds would pass for a
  // fast model in the latency figures (and in an experiment's comparison of variants).
  if (!r.cached) addTimes(a, r);
  // Nor did it send any token: the usage it carries is the first answer's, already counted then.
  if (r.usage && !r.cached) {
    a.inputTokens += r.usage.input.tokens;
    a.outputTokens += r.usage.output.tokens;
    a.cacheReadTokens += r.usage.cacheRead.tokens;
    a.cacheWriteTokens += r.usage.cacheWrite.tokens;
  }
  if (r.costUsd === undefined) a.costUnknownCount += 1;
  else a.costKnownUsd += r.costUsd;
}

function addTimes(a: Aggregate, r: AttemptRecord): void {
  a.latencySumMs += r.latencyMs;
  histogramAdd(a.latency, r.latencyMs);
  if (r.ttftMs !== undefined) {
    a.ttftCount += 1;
    a.ttftSumMs += r.ttftMs;
    histogramAdd(a.ttft, r.ttftMs);
  }
  if (r.tokensPerSecond !== undefined) {
    a.tokensPerSecondSum += r.tokensPerSecond;
    a.tokensPerSecondCount += 1;
  }
}

/** Adds `from` into `into` (histograms included). */
export function mergeAggregate(into: Aggregate, from: Aggregate): void {
  mergeScalars(into, from);
  histogramMerge(into.latency, from.latency);
  histogramMerge(into.ttft, from.ttft);
}

/** Adds everything but the histograms (queries merge those into dense accumulators instead). */
export function mergeScalars(into: Aggregate, from: Aggregate): void {
  into.count += from.count;
  into.success += from.success;
  into.partial += from.partial;
  into.error += from.error;
  into.cancelled += from.cancelled;
  into.structured += from.structured;
  into.schemaFailed += from.schemaFailed;
  into.cachedResponses += from.cachedResponses;
  for (const kind in from.errorsByKind) {
    const k = kind as ModelErrorKind;
    into.errorsByKind[k] = (into.errorsByKind[k] ?? 0) + (from.errorsByKind[k] ?? 0);
  }
  into.latencySumMs += from.latencySumMs;
  into.ttftCount += from.ttftCount;
  into.ttftSumMs += from.ttftSumMs;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.cacheWriteTokens += from.cacheWriteTokens;
  into.tokensPerSecondSum += from.tokensPerSecondSum;
  into.tokensPerSecondCount += from.tokensPerSecondCount;
  into.costKnownUsd += from.costKnownUsd;
  into.costUnknownCount += from.costUnknownCount;
}

const n = z.number().nonnegative().finite();
// A plain loop rather than a zod schema per element: a day's hourly rollup holds tens of thousands
// of these numbers and is read when a view first needs it.
const histogramSchema = z.custom<number[]>(
  (h) => Array.isArray(h) && h.length % 2 === 0 && h.every((v, i) => Number.isInteger(v) && (i % 2 === 0 || v > 0)),
  'must hold [bucket index, count] pairs of integers',
);

export const aggregateSchema = z.object({
  count: n,
  success: n,
  partial: n,
  error: n,
  cancelled: n,
  // Rollups written before structured output was recorded have neither figure.
  structured: n.default(0),
  schemaFailed: n.default(0),
  cachedResponses: n,
  errorsByKind: z.partialRecord(z.enum(ERROR_KINDS), n),
  latencySumMs: n,
  latency: histogramSchema,
  ttftCount: n,
  ttftSumMs: n,
  ttft: histogramSchema,
  inputTokens: n,
  outputTokens: n,
  cacheReadTokens: n,
  cacheWriteTokens: n,
  tokensPerSecondSum: n,
  tokensPerSecondCount: n,
  costKnownUsd: n,
  costUnknownCount: n,
});
