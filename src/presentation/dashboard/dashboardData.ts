import type {
  CapabilityShare,
  CostFigure,
  CostSeries,
  DashboardData,
  DashboardModel,
  DashboardOrigin,
  DashboardRange,
  DashboardTotals,
  ExperimentSummary,
  LatencySummary,
  SuccessSeries,
  VariantSummary,
} from '../../protocol/dashboardProtocol';
import { CAPABILITIES } from '../../core/router/capabilities';
import { dashboardWindow, queryFrom, type DashboardWindow } from './dashboardWindow';
import { servedCalls, servedOutcomes, type MetricsQuery, type MetricsRow } from '../../core/metrics/metricsQuery';
import type { SignalFigure } from '../../core/metrics/signalFigures';
import type { TaskFigures } from '../../core/metrics/taskFigures';
import { buildQualityRows } from './qualityRows';
import type { AttemptOrigin } from '../../core/metrics/attemptRecord';
export type { OriginChecks } from './originChecks';

/**
 * The store query results a dashboard is built from. Counts and costs are sums, so one detailed
 * query serves every chart that shows them; percentiles do not add up across groups, so each
 * figure that shows one gets rows grouped exactly as it is shown. Every query over the whole
 * range merges every bucket's histograms (the store's cost per query), so there are as few as
 * possible: three over the whole range, and one per experiment over that experiment's calls only.
 */
export interface DashboardRows {
  /** Grouped by hour (24 h) or day, model, capability, experiment and variant: every sum shown. */
  readonly detail: readonly MetricsRow[];
  /** Per model: latency percentiles. */
  readonly byModel: readonly MetricsRow[];
  /** Not grouped (one row, or none when the range is empty): overall percentiles. */
  readonly total: readonly MetricsRow[];
  /** Per experiment and variant: the A/B percentiles (one filtered query per experiment). */
  readonly byVariant: readonly MetricsRow[];
  /** Per task and per phase, from the raw log (absent when the source keeps none). */
  readonly tasks?: TaskFigures;
  /** Quality signals of the range per model and capability (absent when the source keeps none). */
  readonly signals?: readonly SignalFigure[];
}

/** What the dashboard needs of the metrics store (MetricsStore has it). */
export interface MetricsQuerySource {
  query(query: MetricsQuery): MetricsRow[];
  /** Cost and time per task and per phase (MetricsStore reads them from its raw log). */
  taskFigures?(range: { readonly from: number; readonly to: number }, limit: number): TaskFigures;
  /** Acceptance per model and capability over the signals of a range (MetricsStore keeps them). */
  signalFigures?(range: { readonly from: number; readonly to: number }): SignalFigure[];
}

/** Tasks listed in the dashboard's table, newest first. */
export const DASHBOARD_TASK_LIMIT = 20;

/** The store queries behind {@link DashboardRows}; `variants(name)` is the query for one experiment. */
/** The store's filter for an origin ('all' filters nothing). */
function originFilter(origin: DashboardOrigin): { readonly origin?: AttemptOrigin } {
  return origin === 'all' ? {} : { origin };
}

export function dashboardQueries(window: DashboardWindow, origin: DashboardOrigin = 'all'): {
  readonly detail: MetricsQuery;
  readonly byModel: MetricsQuery;
  readonly total: MetricsQuery;
  readonly variants: (experiment: string) => MetricsQuery;
} {
  const filter = originFilter(origin);
  const base = { from: queryFrom(window), to: window.to, utcOffsetMinutes: window.utcOffsetMinutes, filter } as const;
  const time = window.granularity === 'hour' ? 'hour' : 'day';
  return {
    detail: { ...base, groupBy: [time, 'model', 'capability', 'experiment', 'variant'] },
    byModel: { ...base, groupBy: ['model'] },
    total: { ...base, groupBy: [] },
    variants: (experiment) => ({ ...base, groupBy: ['experiment', 'variant'], filter: { ...filter, experiment } }),
  };
}

/** The query an export of the shown range runs: every dimension the charts use, per day, and the task and phase of each call. */
export function dashboardExportQuery(window: DashboardWindow, origin: DashboardOrigin = 'all'): MetricsQuery {
  return {
    filter: originFilter(origin),
    from: queryFrom(window),
    to: window.to,
    utcOffsetMinutes: window.utcOffsetMinutes,
    groupBy: ['day', 'model', 'capability', 'experiment', 'variant', 'task', 'phase'],
  };
}

export function queryDashboardRows(source: MetricsQuerySource, window: DashboardWindow, origin: DashboardOrigin = 'all'): DashboardRows {
  const q = dashboardQueries(window, origin);
  const detail = source.query(q.detail);
  const experiments = [...new Set(detail.flatMap((r) => (r.experiment === undefined ? [] : [r.experiment])))].sort();
  return {
    detail,
    byModel: source.query(q.byModel),
    total: source.query(q.total),
    byVariant: experiments.flatMap((name) => source.query(q.variants(name))),
    // Tasks are the calls of origin `task`: shown with every origin, or that one.
    ...(source.taskFigures && (origin === 'all' || origin === 'task') ? { tasks: source.taskFigures({ from: queryFrom(window), to: window.to }, DASHBOARD_TASK_LIMIT) } : {}),
    ...(source.signalFigures ? { signals: source.signalFigures({ from: queryFrom(window), to: window.to }) } : {}),
  };
}

/** Queries `source` and builds the dashboard for `range` as of `now`. */
export function loadDashboardData(source: MetricsQuerySource, range: DashboardRange, now: number, utcOffsetMinutes = 0, origin: DashboardOrigin = 'all'): DashboardData {
  const window = dashboardWindow(range, now, utcOffsetMinutes);
  return buildDashboardData(window, queryDashboardRows(source, window, origin), now, origin);
}

/** Turns query rows into the charts' series. Pure: same rows, same data. */
export function buildDashboardData(window: DashboardWindow, rows: DashboardRows, generatedAt: number, origin: DashboardOrigin = 'all'): DashboardData {
  const models = buildModels(rows.byModel);
  const order = new Map(models.map((m, i) => [m.modelId, i]));
  return {
    version: 1,
    origin,
    range: window.range,
    granularity: window.granularity,
    from: window.from,
    to: window.to,
    utcOffsetMinutes: window.utcOffsetMinutes,
    generatedAt,
    slots: window.slots,
    models,
    totals: buildTotals(rows.total),
    ...buildTimeSeries(window, rows.detail, models),
    latency: rows.byModel
      .filter((r) => r.modelId !== undefined)
      .map(latencyOf)
      .sort((a, b) => (order.get(a.modelId) ?? 0) - (order.get(b.modelId) ?? 0)),
    capabilityShare: buildCapabilityShare(rows.detail, models),
    experiments: buildExperiments(rows.byVariant, rows.detail),
    tasks: (rows.tasks?.tasks ?? []).map((t) => ({
      taskId: t.taskId,
      startedAt: t.startedAt,
      totalMs: t.totalMs,
      phases: [...t.phases],
      models: [...t.models],
      calls: t.calls,
      failedCalls: t.failedCalls,
      cost: { ...t.cost },
    })),
    phases: (rows.tasks?.phases ?? []).map((p) => ({ ...p, cost: { ...p.cost } })),
    quality: buildQualityRows(rows.detail, rows.signals ?? [], models.map((m) => m.modelId)),
  };
}

function buildModels(byModel: readonly MetricsRow[]): DashboardModel[] {
  const models: DashboardModel[] = [];
  for (const r of byModel) {
    if (r.modelId === undefined || r.count === 0) continue;
    models.push({
      modelId: r.modelId,
      provider: r.provider ?? '',
      providerModel: r.providerModel ?? '',
      count: r.count,
      structured: r.structured,
      schemaFailed: r.schemaFailed,
      structuredSuccessRate: r.structuredSuccessRate ?? null,
    });
  }
  return models.sort((a, b) => b.count - a.count || (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
}

function costOf(r: MetricsRow | undefined): CostFigure {
  return { knownUsd: r?.costKnownUsd ?? 0, unknownCount: r?.costUnknownCount ?? 0 };
}

function buildTotals(total: readonly MetricsRow[]): DashboardTotals {
  const r = total[0];
  const count = r?.count ?? 0;
  // Of the models' answers: the cache's are successes no model gave (they have a tile of their own).
  const { success, decided, rate } = r ? servedOutcomes(r) : { success: 0, decided: 0, rate: null };
  return {
    count,
    success,
    decided,
    successRate: rate,
    latencyP50Ms: r?.latencyP50Ms ?? null,
    latencyP95Ms: r?.latencyP95Ms ?? null,
    inputTokens: r?.inputTokens ?? 0,
    outputTokens: r?.outputTokens ?? 0,
    cost: costOf(r),
    cached: r?.cachedResponses ?? 0,
  };
}

function buildTimeSeries(
  window: DashboardWindow,
  detail: readonly MetricsRow[],
  models: readonly DashboardModel[],
): { costOverTime: CostSeries[]; successOverTime: SuccessSeries[] } {
  const n = window.slots.length;
  const slotOf = new Map<string | number, number>();
  window.slots.forEach((s, i) => slotOf.set(window.granularity === 'hour' ? s.start : s.key, i));
  const series = new Map<string, { known: number[]; unknown: number[]; success: number[]; decided: number[] }>();
  for (const m of models) {
    series.set(m.modelId, { known: zeros(n), unknown: zeros(n), success: zeros(n), decided: zeros(n) });
  }
  for (const r of detail) {
    const key = window.granularity === 'hour' ? r.hour : r.day;
    const slot = key === undefined ? undefined : slotOf.get(key);
    const s = r.modelId === undefined ? undefined : series.get(r.modelId);
    if (slot === undefined || s === undefined) continue;
    // One row per capability and variant: they add up per slot and model.
    s.known[slot] = (s.known[slot] as number) + r.costKnownUsd;
    s.unknown[slot] = (s.unknown[slot] as number) + r.costUnknownCount;
    const served = servedOutcomes(r);
    s.success[slot] = (s.success[slot] as number) + served.success;
    s.decided[slot] = (s.decided[slot] as number) + served.decided;
  }
  const costOverTime: CostSeries[] = [];
  const successOverTime: SuccessSeries[] = [];
  for (const m of models) {
    const s = series.get(m.modelId);
    if (!s) continue;
    costOverTime.push({ modelId: m.modelId, knownUsd: s.known, unknownCount: s.unknown });
    successOverTime.push({
      modelId: m.modelId,
      rate: s.success.map((ok, i) => {
        const d = s.decided[i] as number;
        return d > 0 ? ok / d : null;
      }),
      success: s.success,
      decided: s.decided,
    });
  }
  return { costOverTime, successOverTime };
}

function latencyOf(r: MetricsRow): LatencySummary {
  return {
    modelId: r.modelId as string,
    count: r.count,
    p50Ms: r.latencyP50Ms ?? null,
    p95Ms: r.latencyP95Ms ?? null,
    meanMs: r.latencyMeanMs ?? null,
    ttftP50Ms: r.ttftP50Ms ?? null,
    ttftP95Ms: r.ttftP95Ms ?? null,
  };
}

function buildCapabilityShare(rows: readonly MetricsRow[], models: readonly DashboardModel[]): CapabilityShare {
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.capability === undefined || r.modelId === undefined || r.count === 0) continue;
    let byModel = counts.get(r.capability);
    if (!byModel) counts.set(r.capability, (byModel = new Map()));
    byModel.set(r.modelId, (byModel.get(r.modelId) ?? 0) + r.count);
  }
  const capabilities = CAPABILITIES.filter((c) => counts.has(c));
  const totals = capabilities.map((c) => [...(counts.get(c)?.values() ?? [])].reduce((a, b) => a + b, 0));
  const perModel = models.map((m) => {
    const c = capabilities.map((cap) => counts.get(cap)?.get(m.modelId) ?? 0);
    return { modelId: m.modelId, counts: c, share: c.map((x, i) => x / (totals[i] as number)) };
  });
  return { capabilities, totals, perModel };
}

function buildExperiments(byVariant: readonly MetricsRow[], detail: readonly MetricsRow[]): ExperimentSummary[] {
  const modelsOf = new Map<string, Map<string, number>>();
  for (const r of detail) {
    if (r.experiment === undefined || r.modelId === undefined || r.count === 0) continue;
    const key = variantKey(r.experiment, r.variant);
    let counts = modelsOf.get(key);
    if (!counts) modelsOf.set(key, (counts = new Map()));
    counts.set(r.modelId, (counts.get(r.modelId) ?? 0) + r.count);
  }
  const experiments = new Map<string, VariantSummary[]>();
  for (const r of byVariant) {
    if (r.experiment === undefined || r.count === 0) continue;
    let variants = experiments.get(r.experiment);
    if (!variants) experiments.set(r.experiment, (variants = []));
    // What a variant's models did: over the calls they answered, not the cache's (each a success at $0).
    const served = servedCalls(r);
    const { success, decided, rate } = servedOutcomes(r);
    const models = [...(modelsOf.get(variantKey(r.experiment, r.variant)) ?? new Map<string, number>())]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .map(([modelId]) => modelId);
    variants.push({
      variant: r.variant ?? null,
      count: r.count,
      cached: r.cachedResponses,
      success,
      decided,
      successRate: rate,
      latencyP50Ms: r.latencyP50Ms ?? null,
      latencyP95Ms: r.latencyP95Ms ?? null,
      cost: costOf(r),
      costPerCallUsd: r.costUnknownCount === 0 && served > 0 ? r.costKnownUsd / served : null,
      costPerPricedCallUsd: served > r.costUnknownCount ? r.costKnownUsd / (served - r.costUnknownCount) : null,
      models,
    });
  }
  return [...experiments.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([experiment, variants]) => ({ experiment, variants }));
}

function variantKey(experiment: string, variant: string | undefined): string {
  return `${experiment}\u0000${variant ?? '\u0001'}`;
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}
