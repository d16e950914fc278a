import { formatCount, formatDuration, formatPercent, formatUsd } from './format';

/*
 * The shape of a chart as the dashboard derives it (chartSpecs.ts, experimentView.ts) and draws it
 * (chartView.ts, plotOptions.ts): its series, its caption and the table behind the picture.
 */

export type ChartKind =
  /** One bar per x, the series stacked on each other. */
  | 'stackedBars'
  /** Bars side by side per x (two series at most). */
  | 'groupedBars'
  /** One bar per x. */
  | 'bars'
  | 'lines';

/** How y values read. `percent` values are 0..100. */
export type ValueFormat = 'usd' | 'ms' | 'percent' | 'count';

export interface SeriesSpec {
  readonly label: string;
  /** One per x label; null: nothing to show there (a gap, not a zero). */
  readonly values: readonly (number | null)[];
  /** Index into the theme's palette: the same model has the same colour in every chart. */
  readonly color: number;
}

export interface TableSpec {
  readonly columns: readonly string[];
  /** The first cell of each row heads it. */
  readonly rows: readonly (readonly string[])[];
  /** Rows over the whole range under the per-slot rows (a `<tfoot>`), headed like them. */
  readonly footer?: readonly (readonly string[])[];
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** One or two sentences saying what the picture shows: the caption and the accessible summary. */
  readonly summary: string;
  readonly kind: ChartKind;
  readonly xLabels: readonly string[];
  /** `time`: slots in order, thinned to fit; `categories`: one thing per x (a model), each label kept (src/webview/dashboard/axisLabels.ts). */
  readonly xAxis: 'time' | 'categories';
  readonly series: readonly SeriesSpec[];
  readonly format: ValueFormat;
  /** Fixed y range (percentages); otherwise from 0 to the data's maximum. */
  readonly yMax?: number;
  /** A line per x read out under the chart with the values (e.g. the calls of unknown cost). */
  readonly xNotes?: readonly (string | null)[];
  readonly table: TableSpec;
  /** Nothing to draw: the summary says why and no canvas is made. */
  readonly empty: boolean;
}

/** A y value as it reads in captions, tables and the axis. */
export function formatValue(format: ValueFormat, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  switch (format) {
    case 'usd':
      return formatUsd(value);
    case 'ms':
      return formatDuration(value);
    case 'percent':
      return formatPercent(value / 100);
    case 'count':
      return formatCount(value);
  }
}
