/**
 * Latency distributions as fixed log-scale buckets (the DDSketch idea): bucket i holds values in
 * (γ^(i-1), γ^i] and answers every quantile within ±RELATIVE_ERROR of the true order statistic.
 *
 * Why this and not a t-digest: fixed buckets merge by plain addition, exactly and in any order, and
 * the store merges thousands of hourly rollups per query and rollups written by several windows.
 * A t-digest's merge is approximate and order-dependent. Buckets are kept sparse (sorted index/count
 * pairs) because an hour of one model's calls touches a few dozen buckets, not the few hundred that
 * span 10 µs to a day.
 */

export const RELATIVE_ERROR = 0.02;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);

/** Values are clamped into this range (ms): below it nothing is worth telling apart, above it is a hung call. */
const MIN_VALUE = 0.01;
const MAX_VALUE = 86_400_000;
export const MIN_INDEX = bucketIndex(MIN_VALUE);
export const MAX_INDEX = bucketIndex(MAX_VALUE);

export function bucketIndex(value: number): number {
  const v = Math.min(Math.max(value, MIN_VALUE), MAX_VALUE);
  return Math.ceil(Math.log(v) / LOG_GAMMA);
}

/** The value reported for a bucket: within RELATIVE_ERROR of anything the bucket holds. */
export function bucketValue(index: number): number {
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
}

/** Sparse histogram: `[index0, count0, index1, count1, ...]` with ascending indexes. */
export type SparseHistogram = number[];

export function histogramAdd(h: SparseHistogram, value: number, times = 1): void {
  insertCount(h, bucketIndex(value), times);
}

function insertCount(h: SparseHistogram, index: number, times: number): void {
  // Binary search over the pairs; appends are the common case (similar latencies) but not the only one.
  let lo = 0;
  let hi = h.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((h[mid * 2] as number) < index) lo = mid + 1;
    else hi = mid;
  }
  const at = lo * 2;
  if (at < h.length && h[at] === index) h[at + 1] = (h[at + 1] as number) + times;
  else h.splice(at, 0, index, times);
}

export function histogramMerge(into: SparseHistogram, from: SparseHistogram): void {
  if (from.length === 0) return;
  if (into.length === 0) {
    for (const v of from) into.push(v);
    return;
  }
  if (from.length <= 4) {
    for (let i = 0; i < from.length; i += 2) insertCount(into, from[i] as number, from[i + 1] as number);
    return;
  }
  // A linear merge of two sorted pair lists: inserting pair by pair would shift the array each time.
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < into.length || j < from.length) {
    const a = i < into.length ? (into[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < from.length ? (from[j] as number) : Number.POSITIVE_INFINITY;
    if (a === b) {
      merged.push(a, (into[i + 1] as number) + (from[j + 1] as number));
      i += 2;
      j += 2;
    } else if (a < b) {
      merged.push(a, into[i + 1] as number);
      i += 2;
    } else {
      merged.push(b, from[j + 1] as number);
      j += 2;
    }
  }
  into.length = 0;
  for (const v of merged) into.push(v);
}

/**
 * A dense accumulator for merging many sparse histograms at query time: one array add per pair,
 * no searching. Sized for the whole clamped range (a few kilobytes).
 */
export class HistogramAccumulator {
  private readonly counts = new Float64Array(MAX_INDEX - MIN_INDEX + 1);
  private total = 0;
  /** The touched range, so that reset and quantile walk only what was used. */
  private lo = Number.POSITIVE_INFINITY;
  private hi = -1;

  add(h: SparseHistogram): void {
    const counts = this.counts;
    for (let i = 0; i < h.length; i += 2) {
      const at = (h[i] as number) - MIN_INDEX;
      const c = h[i + 1] as number;
      counts[at] = (counts[at] as number) + c;
      this.total += c;
      if (at < this.lo) this.lo = at;
      if (at > this.hi) this.hi = at;
    }
  }

  reset(): void {
    if (this.hi >= 0) this.counts.fill(0, this.lo, this.hi + 1);
    this.total = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = -1;
  }

  get count(): number {
    return this.total;
  }

  /**
   * The q-quantile (0..1) by nearest rank: the bucket holding the smallest value that at least q of
   * the values are at or below, `sorted[Math.ceil(q * n) - 1]` (the median of an even count is the
   * lower middle one). Undefined when empty. Of two calls, 10 ms and 260 ms, p95 is 260 ms: the
   * convention used before, `sorted[Math.floor(q * (n - 1))]`, said 10 ms, and a person's slow call
   * vanished from the latency chart until some twenty calls were recorded.
   */
  quantile(q: number): number | undefined {
    if (this.total === 0) return undefined;
    const rank = Math.max(0, Math.ceil(q * this.total) - 1);
    let seen = 0;
    const counts = this.counts;
    for (let i = this.lo; i <= this.hi; i++) {
      seen += counts[i] as number;
      if (seen > rank) return bucketValue(i + MIN_INDEX);
    }
    return bucketValue(this.hi + MIN_INDEX);
  }
}
