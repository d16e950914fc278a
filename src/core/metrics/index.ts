export type { AttemptOutcome, AttemptRecord } from './attemptRecord';
export { attemptRecordSchema } from './attemptRecordSchema';
export { RELATIVE_ERROR as PERCENTILE_RELATIVE_ERROR } from './logHistogram';
export { CSV_COLUMNS, csvField, toCsv, toJsonReport, type MetricsReport } from './metricsExport';
export { GROUP_DIMENSIONS, type GroupDimension, type MetricsQuery, type MetricsRow } from './metricsQuery';
export { MetricsStore, type MetricsHealth, type MetricsStoreOptions } from './metricsStore';
export type { BadLine } from './segmentFiles';
export type { SpendSummary } from './spendTable';
