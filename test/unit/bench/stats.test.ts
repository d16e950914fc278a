import assert from 'node:assert/strict';
import { median, percentile } from '../../../bench/lib/stats';

describe('bench statistics', () => {
  it('percentile is the nearest rank: the smallest sample with at least p% at or below it', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1, unsorted on purpose
    assert.equal(percentile(twenty, 95), 19);
    assert.equal(percentile(twenty, 99), 20);
    assert.equal(percentile(twenty, 100), 20);
    assert.equal(percentile(twenty, 5), 1);
    assert.equal(percentile(twenty, 0), 1);
    assert.equal(percentile([7], 95), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('median is the middle value, or the mean of the middle two', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('leaves the samples it is given in their order', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    median(samples);
    assert.deepEqual(samples, [3, 1, 2]);
  });
});
