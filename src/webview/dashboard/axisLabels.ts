/**
 * Which x-axis labels a chart draws, and how, so that no two ever overlap. Pure: the chart passes
 * the plot's width and a function that measures text in its font, and draws what comes back.
 *
 * x index i is centred in its slot: the axis spans [-0.5, n - 0.5], so slot = width / n and two
 * labels i < j, centred (j - i) slots apart, are clear of each other when that distance is at
 * least half of each one's width plus a gap.
 */

export interface AxisLabels {
  /** The x indexes that get a label (and a tick), ascending. */
  readonly indexes: readonly number[];
  /** The text drawn at each of `indexes`, shortened with "…" when a category's slot is narrow. */
  readonly texts: readonly string[];
}

export interface AxisLabelOptions {
  /**
   * `categories`: each x is a different thing (a model, a capability), so every label is kept,
   * shortened to its slot; `time`: slots in order, so every k-th is enough (the latest always).
   */
  readonly axis: 'time' | 'categories';
  /** Clear space between two labels, in px. */
  readonly gapPx?: number;
  /** A category label shortened below this many characters says nothing: thin the labels instead. */
  readonly minChars?: number;
}

const ELLIPSIS = '…';

export function fitAxisLabels(labels: readonly string[], widthPx: number, measure: (text: string) => number, options: AxisLabelOptions): AxisLabels {
  const n = labels.length;
  if (n === 0) return { indexes: [], texts: [] };
  const gap = options.gapPx ?? 8;
  const slot = Math.max(0, widthPx) / n;
  const widths = labels.map((l) => measure(l));
  const all = labels.map((_, i) => i);
  if (clear(all, widths, slot, gap)) return { indexes: all, texts: [...labels] };

  if (options.axis === 'categories') {
    // Each label gets its own slot less the gap: two neighbours then take at most one slot together.
    const room = slot - gap;
    const texts = labels.map((l) => shorten(l, room, measure));
    const minChars = options.minChars ?? 4;
    if (texts.every((t, i) => t === labels[i] || t.length - ELLIPSIS.length >= Math.min(minChars, (labels[i] ?? '').length))) {
      return { indexes: all, texts };
    }
  }

  // Every k-th label, counted back from the latest, with the smallest k that leaves them clear.
  for (let step = 2; step <= n; step++) {
    const indexes: number[] = [];
    for (let i = n - 1; i >= 0; i -= step) indexes.unshift(i);
    if (clear(indexes, widths, slot, gap)) return { indexes, texts: indexes.map((i) => labels[i] ?? '') };
  }
  // Not even one label fits alone: the latest, shortened to the whole axis.
  return { indexes: [n - 1], texts: [shorten(labels[n - 1] ?? '', widthPx, measure)] };
}

/** True when each pair of neighbouring labels among `indexes` is clear of the other. */
function clear(indexes: readonly number[], widths: readonly number[], slot: number, gap: number): boolean {
  for (let k = 1; k < indexes.length; k++) {
    const a = indexes[k - 1] as number;
    const b = indexes[k] as number;
    if ((b - a) * slot < ((widths[a] ?? 0) + (widths[b] ?? 0)) / 2 + gap) return false;
  }
  return true;
}

/** The longest start of `text` that, with "…", fits `room` px; the text itself when it fits. */
export function shorten(text: string, room: number, measure: (text: string) => number): string {
  if (measure(text) <= room) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length - 1;
  // Binary search on the prefix length: widths grow with it.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('') + ELLIPSIS) <= room) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('') + ELLIPSIS;
}
