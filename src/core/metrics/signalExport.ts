import type { MetricsQuery, MetricsRow } from './metricsQuery';
import type { QualitySignal } from './qualitySignal';
import { summarizeSignals } from './signalFigures';
import { dayKey, hourStart, MINUTE_MS } from './timeKeys';

/** A row of the exports: the query's figures and, where signals can be grouped the same way, its acceptance. */
export interface ExportRow extends MetricsRow {
  readonly accepted?: number;
  readonly rejected?: number;
  readonly acceptanceRate?: number;
}

// Signals carry model, capability and time only: a row grouped or filtered by anything else has no
// acceptance figure (an empty cell, never 0).
const SIGNAL_DIMENSIONS = new Set(['model', 'capability', 'day', 'hour']);

/** The rows with the acceptance of the signals in the same range and group. */
export function withSignals(query: MetricsQuery, rows: readonly MetricsRow[], signals: readonly QualitySignal[]): ExportRow[] {
  const f = query.filter ?? {};
  const groupable = (query.groupBy ?? []).every((d) => SIGNAL_DIMENSIONS.has(d)) && f.provider === undefined && f.experiment === undefined && f.variant === undefined;
  if (!groupable) return [...rows];
  const from = query.from ?? 0;
  const to = query.to ?? Number.POSITIVE_INFINITY;
  const offset = (query.utcOffsetMinutes ?? 0) * MINUTE_MS;
  const inRange = signals.filter((s) => s.time >= from && s.time < to && (f.modelId === undefined || s.modelId === f.modelId) && (f.capability === undefined || s.capability === f.capability));
  return rows.map((row) => {
    const mine = inRange.filter(
      (s) =>
        (row.modelId === undefined || s.modelId === row.modelId) &&
        (row.capability === undefined || s.capability === row.capability) &&
        (row.day === undefined || dayKey(s.time + offset) === row.day) &&
        (row.hour === undefined || hourStart(s.time) === row.hour),
    );
    let accepted = 0;
    let rejected = 0;
    for (const figure of summarizeSignals(mine)) {
      accepted += figure.accepted;
      rejected += figure.rejected;
    }
    return { ...row, accepted, rejected, ...(accepted + rejected > 0 ? { acceptanceRate: accepted / (accepted + rejected) } : {}) };
  });
}
