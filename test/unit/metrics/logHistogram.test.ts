import assert from 'node:assert/strict';
import { HistogramAccumulator, histogramAdd, histogramMerge, RELATIVE_ERROR, type SparseHistogram } from '../../../src/core/metrics/logHistogram';
import { nearestRank, rng } from './helpers';

const exactQuantile = nearestRank;

describe('log-scale histogram', () => {
  it('answers p50, p95 and p99 within its stated relative error', () => {
    const next = rng(42);
    for (const n of [1, 2, 7, 100, 5_000]) {
      const values = Array.from({ length: n }, () => Math.exp(4 + next() * 6)); // ~55 ms to ~22 s
      const h: SparseHistogram = [];
      for (const v of values) histogramAdd(h, v);
      const acc = new HistogramAccumulator();
      acc.add(h);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0, 0.5, 0.95, 0.99, 1]) {
        const exact = exactQuantile(sorted, q);
        const estimate = acc.quantile(q) as number;
        assert.ok(Math.abs(estimate - exact) <= RELATIVE_ERROR * exact, `n=${n} q=${q}: ${estimate} vs ${exact}`);
      }
    }
  });

  it('puts a few calls’ p95 at the slowest of them, and their median at the lower middle one', () => {
    const acc = new HistogramAccumulator();
    const two: SparseHistogram = [];
    histogramAdd(two, 10);
    histogramAdd(two, 260);
    acc.add(two);
    const near = (value: number | undefined, exact: number): boolean => value !== undefined && Math.abs(value - exact) <= RELATIVE_ERROR * exact;
    assert.ok(near(acc.quantile(0.95), 260), `p95 of 10 and 260 ms: ${acc.quantile(0.95)} (it read 10)`);
    assert.ok(near(acc.quantile(0.5), 10), `p50 of 10 and 260 ms: ${acc.quantile(0.5)}`);
    acc.reset();
    const ten: SparseHistogram = [];
    for (let i = 1; i <= 10; i++) histogramAdd(ten, i * 100);
    acc.add(ten);
    assert.ok(near(acc.quantile(0.95), 1000), `p95 of ten calls is the slowest: ${acc.quantile(0.95)} (it read 900)`);
    assert.ok(near(acc.quantile(0.5), 500), `p50 of ten calls: ${acc.quantile(0.5)}`);
    assert.ok(near(acc.quantile(0), 100) && near(acc.quantile(1), 1000));
  });

  it('merges exactly: parts merged in any order give the same histogram as the whole', () => {
    const next = rng(7);
    const values = Array.from({ length: 3_000 }, () => 10 + next() * next() * 50_000);
    const whole: SparseHistogram = [];
    for (const v of values) histogramAdd(whole, v);
    const parts: SparseHistogram[] = [[], [], []];
    values.forEach((v, i) => histogramAdd(parts[i % 3] as SparseHistogram, v));
    const merged: SparseHistogram = [];
    for (const p of [parts[2], parts[0], parts[1]]) histogramMerge(merged, p as SparseHistogram);
    assert.deepEqual(merged, whole);
  });

  it('is empty-safe and resets cleanly between groups', () => {
    const acc = new HistogramAccumulator();
    assert.equal(acc.quantile(0.5), undefined);
    const h: SparseHistogram = [];
    histogramAdd(h, 1_000);
    acc.add(h);
    assert.ok(Math.abs((acc.quantile(0.5) as number) - 1_000) <= RELATIVE_ERROR * 1_000);
    acc.reset();
    assert.equal(acc.count, 0);
    const g: SparseHistogram = [];
    histogramAdd(g, 5);
    acc.add(g);
    assert.ok(Math.abs((acc.quantile(0.95) as number) - 5) <= RELATIVE_ERROR * 5, 'nothing of the first group is left');
  });
});
