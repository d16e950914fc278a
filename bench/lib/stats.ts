/** The value at percentile `p` (0–100) of `values`: the sorted value at index ⌊p/100 · n⌋ (the upper one of a pair), NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** percentile(values, 50). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
