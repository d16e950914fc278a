import uPlot from 'uplot';
import { type AxisLabels, fitAxisLabels } from './axisLabels';
import { type ChartSpec, formatValue } from './chartSpec';
import { cumulative } from './chartSpecs';
import { type ChartTheme, barPaint, isRepeatColor, paletteColor } from './theme';

/** How a chart spec becomes a uPlot plot: its data columns, series, scales and axes. */

/** uPlot's columns: x indexes, then one array per drawn series (stacks drawn tallest first). */
export function plotData(spec: ChartSpec): uPlot.AlignedData {
  const xs = spec.xLabels.map((_, i) => i);
  if (spec.kind === 'stackedBars') return [xs, ...cumulative(spec.series.map((s) => s.values)).reverse()];
  return [xs, ...spec.series.map((s) => [...s.values])];
}

/** Text width in CSS px in the axis font (uPlot scales the font by the pixel ratio itself). */
function textMeasurer(font: string): (text: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return (text) => text.length * 8;
  ctx.font = font;
  return (text) => ctx.measureText(text).width;
}

/** Where the x labels were drawn, in CSS px from the plot's left edge: what the e2e tier checks for overlaps. */
interface DrawnLabel {
  readonly text: string;
  readonly left: number;
  readonly right: number;
}

export function recordXLabels(target: HTMLElement, labels: readonly DrawnLabel[]): void {
  target.dataset['xLabels'] = JSON.stringify(labels);
}

export function plotOptions(
  spec: ChartSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  onCursor: (index: number | null | undefined) => void,
  onXLabels: (labels: readonly DrawnLabel[]) => void,
): uPlot.Options {
  const n = spec.xLabels.length;
  const measure = textMeasurer(theme.font);
  // Decided in `splits` (uPlot calls it with the plot's width on every size) and drawn by `values`.
  let fit: AxisLabels = { indexes: [], texts: [] };
  const bars = uPlot.paths.bars;
  const barPath = (size: number, align: -1 | 0 | 1) => (bars ? bars({ size: [size, 64], align }) : undefined);
  const drawn = spec.kind === 'stackedBars' ? [...spec.series].reverse() : spec.series;
  const series: uPlot.Series[] = [
    {},
    ...drawn.map((s, i): uPlot.Series => {
      const color = paletteColor(theme, s.color);
      if (spec.kind === 'lines') {
        // A repeated colour (p95 beside p50, a seventh model) is dashed with hollow points: a second cue besides colour.
        const repeat = isRepeatColor(s.color);
        return { label: s.label, stroke: color, width: 2, spanGaps: false, ...(repeat ? { dash: [6, 4] } : {}), points: { show: n <= 31, size: 5, fill: repeat ? theme.background : color, stroke: color } };
      }
      const align: -1 | 0 | 1 = spec.kind === 'groupedBars' ? (i === 0 ? -1 : 1) : 0;
      const path = barPath(spec.kind === 'groupedBars' ? 0.4 : 0.7, align);
      return { label: s.label, ...barPaint(theme, s.color), points: { show: false }, ...(path ? { paths: path } : {}) };
    }),
  ];
  const axisFont = theme.font;
  return {
    width,
    height,
    legend: { show: false },
    cursor: {
      x: true,
      y: false,
      drag: { x: false, y: false, setScale: false },
      points: { show: spec.kind === 'lines' },
    },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0.5, n - 0.5)] },
      y: {
        range: (_u, _min, max) => [0, spec.yMax ?? niceMax(max)],
      },
    },
    axes: [
      {
        stroke: theme.foreground,
        font: axisFont,
        grid: { show: false },
        ticks: { stroke: theme.grid, width: 1, size: 4 },
        splits: (u) => {
          fit = fitAxisLabels(spec.xLabels, u.bbox.width / (window.devicePixelRatio || 1), measure, { axis: spec.xAxis });
          return [...fit.indexes];
        },
        values: (_u, splits) => splits.map((i) => fit.texts[fit.indexes.indexOf(i)] ?? ''),
      },
      {
        stroke: theme.foreground,
        font: axisFont,
        size: 64,
        grid: { stroke: theme.grid, width: 1 },
        ticks: { stroke: theme.grid, width: 1, size: 4 },
        values: (_u, splits) => splits.map((v) => formatValue(spec.format, v)),
      },
    ],
    series,
    hooks: {
      setCursor: [(u) => onCursor(u.cursor.idx)],
      draw: [
        (u) => {
          const dpr = window.devicePixelRatio || 1;
          onXLabels(
            fit.indexes.map((i, k) => {
              const text = fit.texts[k] ?? '';
              const centre = u.bbox.left / dpr + u.valToPos(i, 'x');
              const half = measure(text) / 2;
              return { text, left: centre - half, right: centre + half };
            }),
          );
        },
      ],
    },
  };
}

/** A y maximum a little above the data, so that the tallest bar does not touch the top. */
function niceMax(max: number | null): number {
  if (max === null || !Number.isFinite(max) || max <= 0) return 1;
  return max * 1.1;
}
