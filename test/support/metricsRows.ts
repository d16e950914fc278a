import type { MetricsRow } from '../../src/core/metrics/metricsQuery';

/** A metrics row with no calls, overridden by `partial`: the figures a test cares about, nothing else. */
export function metricsRow(partial: Partial<MetricsRow> = {}): MetricsRow {
  return {
    count: 0, success: 0, partial: 0, error: 0, cancelled: 0, structured: 0, schemaFailed: 0, structuredSuccessRate: undefined, cachedResponses: 0, errorsByKind: {},
    successRate: undefined, latencyP50Ms: undefined, latencyP95Ms: undefined, latencyMeanMs: undefined,
    ttftP50Ms: undefined, ttftP95Ms: undefined, ttftMeanMs: undefined, inputTokens: 0, outputTokens: 0,
    cacheReadTokens: 0, cacheWriteTokens: 0, tokensPerSecond: undefined, costUsd: 0, costKnownUsd: 0, costUnknownCount: 0,
    ...partial,
  };
}
