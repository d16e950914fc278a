import assert from 'node:assert/strict';
import { offsetDayStart, offsetMonthStart } from '../../../src/core/metrics/timeKeys';

describe('local day and month starts', () => {
  it('start at the person’s midnight, not UTC’s', () => {
    const now = Date.UTC(2026, 10, 1, 3, 30); // 03:30 UTC = 22:30 on Oct 31 in UTC−5
    assert.equal(offsetDayStart(now, -300), Date.UTC(2026, 9, 31, 5));
    assert.equal(offsetMonthStart(now, -300), Date.UTC(2026, 9, 1, 5));
    assert.equal(offsetDayStart(now, 60), Date.UTC(2026, 9, 31, 23));
  });
});
