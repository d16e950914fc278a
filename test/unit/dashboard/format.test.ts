import assert from 'node:assert/strict';
import { withAlpha } from '../../../src/webview/shared/color';
import {
  describeCost,
  formatClock,
  formatCost,
  formatCostDetail,
  formatCount,
  formatDuration,
  formatPercent,
  formatUsd,
  plural,
  slotLabel,
} from '../../../src/webview/dashboard/format';

describe('dashboard formatting', () => {
  it('formats dollars, keeping sub-cent spend visible', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(0.42), '$0.42');
    assert.equal(formatUsd(1234.5), '$1,234.50');
    assert.equal(formatUsd(0.0042), '$0.0042');
    assert.equal(formatUsd(0.000012345), '$0.000012');
    assert.equal(formatUsd(0.0104), '$0.010');
    assert.equal(formatUsd(0.0996), '$0.10');
    assert.equal(formatUsd(0.105), '$0.11');
    assert.equal(formatUsd(1e-9), '< $0.000001');
    assert.equal(formatUsd(Number.NaN), 'unknown');
  });

  it('never shows an unknown cost as $0', () => {
    const allUnknown = { knownUsd: 0, unknownCount: 12 };
    assert.equal(formatCost(allUnknown), 'unknown');
    assert.equal(formatCostDetail(allUnknown), 'unknown (12)');
    assert.equal(describeCost(allUnknown), 'unknown (12 calls without a price)');
    for (const text of [formatCost(allUnknown), formatCostDetail(allUnknown), describeCost(allUnknown)]) assert.doesNotMatch(text, /\$0/);
  });

  it('shows a partly unknown cost as a lower bound with the unpriced calls counted', () => {
    const partial = { knownUsd: 1.5, unknownCount: 1 };
    assert.equal(formatCost(partial), '≥ $1.50');
    assert.equal(formatCostDetail(partial), '$1.50 + 1 unknown');
    assert.equal(describeCost(partial), '$1.50 known, plus 1 call of unknown cost');
  });

  it('shows a fully known cost as it is, a known $0 included', () => {
    assert.equal(formatCost({ knownUsd: 3.21, unknownCount: 0 }), '$3.21');
    assert.equal(formatCostDetail({ knownUsd: 0, unknownCount: 0 }), '$0.00');
    assert.equal(describeCost({ knownUsd: 0, unknownCount: 0 }), '$0.00');
  });

  it('formats durations at a useful precision', () => {
    assert.equal(formatDuration(0), '0 ms');
    assert.equal(formatDuration(849.6), '850 ms');
    assert.equal(formatDuration(999.6), '1.0 s');
    assert.equal(formatDuration(1_000), '1.0 s');
    assert.equal(formatDuration(1_249), '1.2 s');
    assert.equal(formatDuration(9_960), '10 s');
    assert.equal(formatDuration(12_400), '12 s');
    assert.equal(formatDuration(59_600), '1 min 0 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    assert.equal(formatDuration(3_720_000), '1 h 2 min');
    assert.equal(formatDuration(null), 'n/a');
    assert.equal(formatDuration(undefined), 'n/a');
    assert.equal(formatDuration(-5), 'n/a');
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), 'n/a');
  });

  it('formats rates as percentages, an undefined rate as n/a rather than 0%', () => {
    assert.equal(formatPercent(0.934), '93.4%');
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(0.99999), '100%');
    assert.equal(formatPercent(null), 'n/a');
  });

  it('counts with separators and plurals', () => {
    assert.equal(formatCount(1_234_567), '1,234,567');
    assert.equal(plural(1, 'call'), '1 call');
    assert.equal(plural(2_000, 'call'), '2,000 calls');
  });

  it('labels slots in the person’s time zone', () => {
    assert.equal(slotLabel({ start: Date.UTC(2026, 10, 24), key: '2026-11-24' }, 'day', 0), 'Nov 24');
    assert.equal(slotLabel({ start: Date.UTC(2026, 0, 3), key: '2026-01-03' }, 'day', 0), 'Jan 3');
    const hour = { start: Date.UTC(2026, 10, 24, 15), key: '2026-11-24T15:00:00.000Z' };
    assert.equal(slotLabel(hour, 'hour', 0), '15:00');
    assert.equal(slotLabel(hour, 'hour', 5 * 60 + 30), '20:30');
    assert.equal(slotLabel(hour, 'hour', -16 * 60), '23:00');
    assert.equal(formatClock(Date.UTC(2026, 10, 24, 23, 5), 60), 'Nov 25, 00:05');
  });

  it('derives lighter chart colours from the theme’s hex colours', () => {
    assert.equal(withAlpha('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
    assert.equal(withAlpha('#fff', 0.25), 'rgba(255, 255, 255, 0.25)');
    assert.equal(withAlpha('#11223344', 1), 'rgba(17, 34, 51, 1)');
    assert.equal(withAlpha('rgb(1, 2, 3)', 0.5), 'rgb(1, 2, 3)');
  });
});
