import assert from 'node:assert/strict';
import { parseMetricsQuery } from '../../../src/core/metrics/metricsQueryInput';

describe('metrics query from the exported API', () => {
  it('passes a well-formed query through and treats none as everything', () => {
    const query = { from: 0, to: 3_600_000, groupBy: ['model', 'day'] as const, filter: { origin: 'model-picker' as const, capability: 'test' as const }, utcOffsetMinutes: 330 };
    assert.deepEqual(parseMetricsQuery(query), query);
    assert.deepEqual(parseMetricsQuery(undefined), {});
  });

  it('refuses NaN, infinite and reversed ranges, naming the field (NaN once double-counted calls)', () => {
    assert.throws(() => parseMetricsQuery({ from: Number.NaN }), /metrics query: from: /);
    assert.throws(() => parseMetricsQuery({ to: Number.POSITIVE_INFINITY }), /to: /);
    assert.throws(() => parseMetricsQuery({ from: 10, to: 5 }), /from: `from` is after `to`/);
  });

  it('refuses unknown dimensions, filters and zones, naming where', () => {
    assert.throws(() => parseMetricsQuery({ groupBy: ['week'] }), /groupBy\.0: /);
    assert.throws(() => parseMetricsQuery({ filter: { origin: 'elsewhere' } }), /filter\.origin: /);
    assert.throws(() => parseMetricsQuery({ filter: { modelid: 'x' } }), /filter: /);
    assert.throws(() => parseMetricsQuery({ utcOffsetMinutes: 15 * 60 }), /utcOffsetMinutes: /);
  });
});
