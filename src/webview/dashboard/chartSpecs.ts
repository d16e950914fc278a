import type { CostFigure, DashboardData } from '../../protocol/dashboardProtocol';
import { type ChartSpec, formatValue } from './chartSpec';
import { type ExperimentView, experimentView } from './experimentView';
import {
  RANGE_LABELS,
  describeCost,
  formatCost,
  formatCostDetail,
  formatCount,
  formatDuration,
  formatPercent,
  formatUsd,
  plural,
  slotLabel,
} from './format';

/**
 * What each chart shows, derived from the host's data without touching the DOM or the charting
 * library: the series, the caption a screen reader hears and the table behind the picture. The
 * chart element only draws these.
 */

export interface DashboardView {
  readonly charts: readonly ChartSpec[];
  readonly experiments: readonly ExperimentView[];
}

/** Palette index of the first repeated colour, drawn with a second cue (the theme gives six; see theme.ts). */
export const PALETTE_LIGHTER = 6;

/** Running sums across series (series i holds the sum of 0..i), nulls counted as 0: the tops of stacked bars. */
export function cumulative(series: readonly (readonly (number | null)[])[]): number[][] {
  const out: number[][] = [];
  let running: number[] | undefined;
  for (const s of series) {
    const next = s.map((v, i) => (running?.[i] ?? 0) + (v ?? 0));
    out.push(next);
    running = next;
  }
  return out;
}

export function buildDashboardView(data: DashboardData): DashboardView {
  return {
    charts: [costChart(data), latencyChart(data), successChart(data), shareChart(data)],
    experiments: data.experiments.map((e) => experimentView(e)),
  };
}

function rangeText(data: DashboardData): string {
  return `the last ${RANGE_LABELS[data.range]}`;
}

function costChart(data: DashboardData): ChartSpec {
  const xLabels = data.slots.map((s) => slotLabel(s, data.granularity, data.utcOffsetMinutes));
  const color = colorsOf(data);
  const slotCost = data.slots.map((_, i) => ({
    knownUsd: data.costOverTime.reduce((a, s) => a + (s.knownUsd[i] ?? 0), 0),
    unknownCount: data.costOverTime.reduce((a, s) => a + (s.unknownCount[i] ?? 0), 0),
  }));
  const perModel = data.costOverTime.map((s) => ({
    modelId: s.modelId,
    cost: { knownUsd: sum(s.knownUsd), unknownCount: sum(s.unknownCount) },
  }));
  const top = [...perModel].sort((a, b) => b.cost.knownUsd - a.cost.knownUsd)[0];
  const total = data.totals.cost;
  let summary: string;
  if (data.totals.count === 0) summary = `No calls in ${rangeText(data)}.`;
  else {
    summary = `Spend over ${rangeText(data)}: ${describeCost(total)} across ${plural(data.models.length, 'model')}.`;
    if (top && top.cost.knownUsd > 0) summary += ` Most spent on ${top.modelId} (${formatCost(top.cost)}).`;
    if (total.unknownCount > 0) summary += ` Bars show known costs only: ${plural(total.unknownCount, 'call')} had no price (unknown, not $0).`;
  }
  return {
    id: 'cost',
    title: `Cost per ${data.granularity} per model`,
    summary,
    kind: 'stackedBars',
    xLabels,
    xAxis: 'time',
    series: data.costOverTime.map((s) => ({ label: s.modelId, values: s.knownUsd, color: color(s.modelId) })),
    format: 'usd',
    xNotes: slotCost.map((c) => (c.unknownCount > 0 ? `Total ${formatCostDetail(c)}` : c.knownUsd > 0 ? `Total ${formatUsd(c.knownUsd)}` : null)),
    table: {
      columns: [data.granularity === 'hour' ? 'Hour' : 'Day', ...data.costOverTime.map((s) => s.modelId), 'Total'],
      rows: data.slots.map((_, i) => [
        xLabels[i] ?? '',
        ...data.costOverTime.map((s) => formatCostDetail({ knownUsd: s.knownUsd[i] ?? 0, unknownCount: s.unknownCount[i] ?? 0 })),
        formatCostDetail(slotCost[i] as CostFigure),
      ]),
    },
    empty: data.totals.count === 0,
  };
}

/**
 * The worst tail in words. Under twenty calls the p95 (by nearest rank) is the slowest call itself,
 * and "the slowest 5% of 2 calls" would not mean much.
 */
function tailWords(row: { readonly modelId: string; readonly count: number; readonly p95Ms: number | null } | undefined): string {
  if (!row) return '';
  if (row.count === 1) return `${row.modelId}'s one call took ${formatDuration(row.p95Ms)}`;
  return row.count < 20
    ? `the slowest of ${row.modelId}'s ${plural(row.count, 'call')} took ${formatDuration(row.p95Ms)}`
    : `the slowest 5% of ${row.modelId}'s calls took ${formatDuration(row.p95Ms)} or longer`;
}

function latencyChart(data: DashboardData): ChartSpec {
  const rows = data.latency.filter((l) => l.p50Ms !== null);
  let summary: string;
  if (rows.length === 0) summary = `No calls in ${rangeText(data)}.`;
  else {
    const byMedian = [...rows].sort((a, b) => (a.p50Ms as number) - (b.p50Ms as number));
    const fastest = byMedian[0];
    const slowest = byMedian[byMedian.length - 1];
    const worstTail = [...rows].sort((a, b) => (b.p95Ms ?? 0) - (a.p95Ms ?? 0))[0];
    summary =
      rows.length === 1 && fastest
        ? `${fastest.modelId}: half of its calls took under ${formatDuration(fastest.p50Ms)}, 95% under ${formatDuration(fastest.p95Ms)}.`
        : `Median latency from ${formatDuration(fastest?.p50Ms)} (${fastest?.modelId ?? ''}) to ${formatDuration(slowest?.p50Ms)} (${slowest?.modelId ?? ''}); ${tailWords(worstTail)}.`;
  }
  return {
    id: 'latency',
    title: 'Latency per model (median and 95th percentile)',
    summary,
    kind: 'groupedBars',
    xLabels: rows.map((l) => l.modelId),
    xAxis: 'categories',
    series: [
      // One hue, the tail outlined (the palette's second round, see barPaint): x is the model
      // here, so colours that stand for models elsewhere would mislead.
      { label: 'p50', values: rows.map((l) => l.p50Ms), color: 0 },
      { label: 'p95', values: rows.map((l) => l.p95Ms), color: PALETTE_LIGHTER },
    ],
    format: 'ms',
    xNotes: rows.map((l) => `${plural(l.count, 'call')}, first token p50 ${formatDuration(l.ttftP50Ms)}`),
    table: {
      columns: ['Model', 'Calls', 'p50', 'p95', 'Mean', 'First token p50', 'First token p95'],
      rows: data.latency.map((l) => [
        l.modelId,
        formatCount(l.count),
        formatDuration(l.p50Ms),
        formatDuration(l.p95Ms),
        formatDuration(l.meanMs),
        formatDuration(l.ttftP50Ms),
        formatDuration(l.ttftP95Ms),
      ]),
    },
    empty: rows.length === 0,
  };
}

function successChart(data: DashboardData): ChartSpec {
  const xLabels = data.slots.map((s) => slotLabel(s, data.granularity, data.utcOffsetMinutes));
  const color = colorsOf(data);
  let summary: string;
  if (data.totals.decided === 0) summary = `No completed calls in ${rangeText(data)}.`;
  else {
    summary = `Overall success rate ${formatPercent(data.totals.successRate)} (${formatCount(data.totals.success)} of ${plural(data.totals.decided, 'call')}; cancelled calls do not count).`;
    const rated = data.successOverTime
      .map((s) => ({ modelId: s.modelId, ok: sum(s.success), decided: sum(s.decided) }))
      .filter((s) => s.decided > 0)
      .sort((a, b) => a.ok / a.decided - b.ok / b.decided);
    const worst = rated[0];
    if (worst && rated.length > 1) summary += ` Lowest: ${worst.modelId} at ${formatPercent(worst.ok / worst.decided)}.`;
  }
  // Only models that gave structured answers: a rate over none would read as a failure.
  const structured = data.models.filter((m) => m.structured > 0);
  if (structured.length > 0) {
    summary += ` Structured output that matched its schema: ${structured.map((m) => `${m.modelId} ${formatPercent(m.structuredSuccessRate)} of ${plural(m.structured, 'answer')}`).join('; ')}.`;
  }
  const structuredOf = new Map(data.models.map((m) => [m.modelId, m]));
  return {
    id: 'success',
    title: `Success rate per ${data.granularity} per model`,
    summary,
    kind: 'lines',
    xLabels,
    xAxis: 'time',
    series: data.successOverTime.map((s) => ({
      label: s.modelId,
      values: s.rate.map((r) => (r === null ? null : r * 100)),
      color: color(s.modelId),
    })),
    format: 'percent',
    yMax: 100,
    table: {
      columns: [data.granularity === 'hour' ? 'Hour' : 'Day', ...data.successOverTime.map((s) => s.modelId)],
      rows: data.slots.map((_, i) => [
        xLabels[i] ?? '',
        ...data.successOverTime.map((s) => {
          const d = s.decided[i] ?? 0;
          return d === 0 ? '—' : `${formatPercent(s.rate[i])} (${formatCount(s.success[i] ?? 0)}/${formatCount(d)})`;
        }),
      ]),
      ...(structured.length > 0
        ? {
            footer: [
              [
                `Structured output, ${RANGE_LABELS[data.range]}`,
                ...data.successOverTime.map((s) => {
                  const m = structuredOf.get(s.modelId);
                  return !m || m.structured === 0 ? '—' : `${formatPercent(m.structuredSuccessRate)} (${formatCount(m.structured - m.schemaFailed)}/${formatCount(m.structured)})`;
                }),
              ],
            ],
          }
        : {}),
    },
    empty: data.totals.decided === 0,
  };
}

function shareChart(data: DashboardData): ChartSpec {
  const share = data.capabilityShare;
  const color = colorsOf(data);
  const leaders = share.capabilities.map((cap, i) => {
    const best = [...share.perModel].sort((a, b) => (b.counts[i] ?? 0) - (a.counts[i] ?? 0))[0];
    return best ? `${cap} → ${best.modelId} (${formatPercent(best.share[i])})` : cap;
  });
  return {
    id: 'share',
    title: "Share of each capability's calls per model",
    summary: share.capabilities.length === 0 ? `No calls in ${rangeText(data)}.` : `Model answering most of each capability: ${leaders.join('; ')}.`,
    kind: 'stackedBars',
    xLabels: share.capabilities,
    xAxis: 'categories',
    series: share.perModel.map((pm) => ({ label: pm.modelId, values: pm.share.map((s) => s * 100), color: color(pm.modelId) })),
    format: 'percent',
    yMax: 100,
    xNotes: share.totals.map((t) => `${plural(t, 'call')} in all`),
    table: {
      columns: ['Capability', ...share.perModel.map((pm) => pm.modelId), 'Calls'],
      rows: share.capabilities.map((cap, i) => [
        cap,
        ...share.perModel.map((pm) => `${formatPercent(pm.share[i])} (${formatCount(pm.counts[i] ?? 0)})`),
        formatCount(share.totals[i] ?? 0),
      ]),
    },
    empty: share.capabilities.length === 0,
  };
}

/** A model's palette index: its rank in `data.models`, so each model keeps one colour across charts. */
function colorsOf(data: DashboardData): (modelId: string) => number {
  const index = new Map(data.models.map((m, i) => [m.modelId, i]));
  return (modelId) => index.get(modelId) ?? data.models.length;
}

function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

/** What is read out for x index `index`: its label, each series' value and the note, in one line. */
export function readoutText(spec: ChartSpec, index: number): string {
  const label = spec.xLabels[index];
  if (label === undefined) return '';
  const values = spec.series
    .map((s) => ({ label: s.label, value: s.values[index] ?? null }))
    // A model with nothing in a stacked bar is left out rather than listed at $0.00.
    .filter((v) => spec.series.length === 1 || (v.value !== null && !(spec.kind === 'stackedBars' && v.value === 0)))
    .map((v) => (spec.series.length === 1 ? formatValue(spec.format, v.value) : `${v.label} ${formatValue(spec.format, v.value)}`));
  const note = spec.xNotes?.[index];
  return `${label}: ${values.length > 0 ? values.join(', ') : 'no calls'}${note ? ` (${note})` : ''}`;
}
