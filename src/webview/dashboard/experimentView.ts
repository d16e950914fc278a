import type { ExperimentSummary } from '../../protocol/dashboardProtocol';
import { type ChartSpec, type TableSpec, type ValueFormat, formatValue } from './chartSpec';
import { describeCost, formatCostDetail, formatCount, formatDuration, formatPercent, formatUsd, plural } from './format';

export interface ExperimentView {
  readonly experiment: string;
  readonly summary: string;
  readonly table: TableSpec;
  readonly charts: readonly ChartSpec[];
}

/** An A/B experiment's variants side by side: a sentence, a table and a chart each for success, latency and cost. */
export function experimentView(e: ExperimentSummary): ExperimentView {
  const labels = e.variants.map((v) => v.variant ?? '(no variant)');
  const notes = e.variants.map((v) => plural(v.count, 'call'));
  const chart = (id: string, title: string, values: (number | null)[], format: ValueFormat, yMax?: number, extraNotes?: (string | null)[]): ChartSpec => {
    const empty = values.every((v) => v === null);
    return {
      id: `ab-${e.experiment}-${id}`,
      title,
      summary: labels.map((l, i) => `${l}: ${formatValue(format, values[i])}`).join('; ') + '.',
      kind: 'bars',
      xLabels: labels,
      xAxis: 'categories',
      series: [{ label: title, values, color: 0 }],
      format,
      ...(yMax !== undefined ? { yMax } : {}),
      xNotes: notes.map((n, i) => (extraNotes?.[i] ? `${n}, ${extraNotes[i]}` : n)),
      table: { columns: [], rows: [] },
      empty,
    };
  };
  // A variant's unpriced calls would make its mean cost unknown; the mean over its priced calls
  // still compares variants, named as such so nobody reads it as the whole cost.
  const anyUnpriced = e.variants.some((v) => v.cost.unknownCount > 0);
  const unpricedNotes = e.variants.map((v) => (v.cost.unknownCount > 0 ? `${formatCount(v.cost.unknownCount)} without a price, not included` : null));
  const summary = e.variants
    .map(
      (v, i) =>
        `${labels[i] ?? ''}: ${formatPercent(v.successRate)} success, median ${formatDuration(v.latencyP50Ms)}, ` +
        `${v.costPerCallUsd === null ? describeCost(v.cost) + ' in all' : formatUsd(v.costPerCallUsd) + ' per call'} (${plural(v.count, 'call')})`,
    )
    .join('; ');
  return {
    experiment: e.experiment,
    summary: `Experiment ${e.experiment}: ${summary}.`,
    table: {
      columns: ['Variant', 'Calls', 'Success', 'p50', 'p95', 'Cost', 'Per call', 'Models'],
      rows: e.variants.map((v, i) => [
        labels[i] ?? '',
        // The success rate beside it is of the rest: the models' own answers.
        v.cached > 0 ? `${formatCount(v.count)} (${formatCount(v.cached)} from the cache)` : formatCount(v.count),
        v.decided === 0 ? 'n/a' : `${formatPercent(v.successRate)} (${formatCount(v.success)}/${formatCount(v.decided)})`,
        formatDuration(v.latencyP50Ms),
        formatDuration(v.latencyP95Ms),
        formatCostDetail(v.cost),
        v.costPerCallUsd !== null
          ? formatUsd(v.costPerCallUsd)
          : v.costPerPricedCallUsd !== null
            ? `${formatUsd(v.costPerPricedCallUsd)} (priced calls)`
            : 'unknown',
        v.models.join(', '),
      ]),
    },
    charts: [
      chart(
        'success',
        'Success rate',
        e.variants.map((v) => (v.successRate === null ? null : v.successRate * 100)),
        'percent',
        100,
      ),
      chart(
        'latency',
        'Median latency',
        e.variants.map((v) => v.latencyP50Ms),
        'ms',
      ),
      chart(
        'cost',
        anyUnpriced ? 'Cost per priced call' : 'Cost per call',
        e.variants.map((v) => (anyUnpriced ? v.costPerPricedCallUsd : v.costPerCallUsd)),
        'usd',
        undefined,
        unpricedNotes,
      ),
    ],
  };
}
