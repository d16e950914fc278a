import { ERROR_KINDS } from '../providers/contract';
import type { MetricsQuery } from './metricsQuery';
import type { SignalFigure } from './signalFigures';
import type { ExportRow } from './signalExport';

/** The JSON report: the query that produced it and its rows, as the store returned them. */
export interface MetricsReport {
  readonly version: 1;
  readonly generatedAt: string;
  readonly query: MetricsQuery;
  readonly rows: readonly ExportRow[];
  /** Quality signals of the range per model and capability (added later: older reports have none). */
  readonly signals?: readonly SignalFigure[];
}

export function toJsonReport(query: MetricsQuery, rows: readonly ExportRow[], now: number, signals?: readonly SignalFigure[]): string {
  const report: MetricsReport = { version: 1, generatedAt: new Date(now).toISOString(), query, rows, ...(signals ? { signals } : {}) };
  return JSON.stringify(report, null, 2) + '\n';
}

type Column = readonly [header: string, value: (row: ExportRow) => string | number | undefined];

/** CSV columns, in order. Error kinds get one column each so a spreadsheet can sum them. */
export const CSV_COLUMNS: readonly Column[] = [
  ['day', (r) => r.day],
  ['hour', (r) => (r.hour === undefined ? undefined : new Date(r.hour).toISOString())],
  ['modelId', (r) => r.modelId],
  ['provider', (r) => r.provider],
  ['providerModel', (r) => r.providerModel],
  ['capability', (r) => r.capability],
  ['experiment', (r) => r.experiment],
  ['variant', (r) => r.variant],
  ['taskId', (r) => r.taskId],
  ['phase', (r) => r.phase],
  ['count', (r) => r.count],
  ['success', (r) => r.success],
  ['partial', (r) => r.partial],
  ['error', (r) => r.error],
  ['cancelled', (r) => r.cancelled],
  // Schema failures are also counted in `error`: a whole answer that failed its task.
  ['structured', (r) => r.structured],
  ['schemaFailed', (r) => r.schemaFailed],
  ['structuredSuccessRate', (r) => r.structuredSuccessRate],
  ['cachedResponses', (r) => r.cachedResponses],
  ['successRate', (r) => r.successRate],
  ['latencyP50Ms', (r) => r.latencyP50Ms],
  ['latencyP95Ms', (r) => r.latencyP95Ms],
  ['latencyMeanMs', (r) => r.latencyMeanMs],
  ['ttftP50Ms', (r) => r.ttftP50Ms],
  ['ttftP95Ms', (r) => r.ttftP95Ms],
  ['ttftMeanMs', (r) => r.ttftMeanMs],
  ['inputTokens', (r) => r.inputTokens],
  ['outputTokens', (r) => r.outputTokens],
  ['cacheReadTokens', (r) => r.cacheReadTokens],
  ['cacheWriteTokens', (r) => r.cacheWriteTokens],
  ['tokensPerSecond', (r) => r.tokensPerSecond],
  ['costUsd', (r) => r.costUsd],
  ['costKnownUsd', (r) => r.costKnownUsd],
  ['costUnknownCount', (r) => r.costUnknownCount],
  // Quality signals (Apply, task checks, ratings, retries); empty where a row's grouping has none.
  ['accepted', (r) => r.accepted],
  ['rejected', (r) => r.rejected],
  ['acceptanceRate', (r) => r.acceptanceRate],
  ...ERROR_KINDS.map((kind): Column => [`errors.${kind}`, (r) => r.errorsByKind[kind] ?? 0]),
];

/**
 * RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break, quotes
 * doubled). An unknown figure is an empty cell, never 0. Numbers are written in JavaScript's
 * shortest round-trip form, so parsing them back gives the same figures.
 */
export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [CSV_COLUMNS.map(([header]) => csvField(header)).join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map(([, value]) => csvField(value(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
