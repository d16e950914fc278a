import assert from 'node:assert/strict';
import { cascadeOrder } from '../../../src/core/tasks/cascadeOrder';

describe('cascadeOrder', () => {
  const facts = (prices: Record<string, number | undefined>, rates: Record<string, number | undefined>) => ({
    worstCaseCostUsd: (id: string) => prices[id],
    successRate: (id: string) => rates[id],
  });

  it('starts with the cheapest expected cost of a success: price over measured success rate', () => {
    // small: 1 / 0.1 = 10; mid: 4 / 0.8 = 5; big: 9 / 0.9 = 10, dearer than small so after it.
    assert.deepEqual(cascadeOrder(['big', 'mid', 'small'], facts({ big: 9, mid: 4, small: 1 }, { big: 0.9, mid: 0.8, small: 0.1 })), ['mid', 'small', 'big']);
  });

  it('orders by price alone while nothing is measured, and puts the preferred model first', () => {
    const f = facts({ big: 9, small: 1 }, {});
    assert.deepEqual(cascadeOrder(['big', 'small'], f), ['small', 'big']);
    assert.deepEqual(cascadeOrder(['big', 'small'], f, 'big'), ['big', 'small']);
    assert.deepEqual(cascadeOrder(['big', 'small'], f, 'absent'), ['small', 'big']);
  });
});
