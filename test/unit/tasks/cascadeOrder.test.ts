import assert from 'node:assert/strict';
import { cascadeOrder } from '../../../src/core/tasks/cascadeOrder';

describe('cascadeOrder', () => {
  const facts = (prices: Record<string, number | undefined>, rates: Record<string, number | undefined>) => ({
    worstCaseCostUsd: (id: string) => prices[id],
    successRate: (id: string) => rates[id],
  });

  it('skips a model far below the best measured: its wrong drafts that pass a 0.8 verifier are never escalated', () => {
    // Before issue 15 this was mid, small, big: small (0.1) went second and lost 18% of tasks to the verifier.
    assert.deepEqual(cascadeOrder(['big', 'mid', 'small'], facts({ big: 9, mid: 4, small: 1 }, { big: 0.9, mid: 0.8, small: 0.1 })), ['mid', 'big']);
    // A perfect verifier loses nothing to a weak first step, so the cheapest may go first.
    assert.deepEqual(cascadeOrder(['big', 'mid', 'small'], facts({ big: 9, mid: 4, small: 1 }, { big: 0.9, mid: 0.8, small: 0.1 }), undefined, { verifierAccuracy: 1 }), ['small', 'big']);
  });

  it('caps the steps, ends with the cheapest model near the best, and starts with the cheapest near enough', () => {
    const f = facts({ a: 10, b: 5, c: 2, d: 1 }, { a: 0.9, b: 0.89, c: 0.85, d: 0.82 });
    assert.deepEqual(cascadeOrder(['a', 'b', 'c', 'd'], f), ['d', 'b'], 'b is within 2 points of a at half the price');
    assert.deepEqual(cascadeOrder(['a', 'b', 'c', 'd'], f, undefined, { maxSteps: 3 }), ['d', 'c', 'b']);
    assert.deepEqual(cascadeOrder(['a', 'b', 'c', 'd'], f, undefined, { maxSteps: 1 }), ['b']);
  });

  it('escalates once to the strongest dearer model when the best measured is also the cheapest', () => {
    assert.deepEqual(cascadeOrder(['big', 'small'], facts({ big: 9, small: 1 }, { big: 0.6, small: 0.66 })), ['small', 'big']);
    assert.deepEqual(cascadeOrder(['big', 'small'], facts({ big: 9, small: 1 }, { big: 0.2, small: 0.9 })), ['small'], 'not to one far below');
    // One success and its two passed checks read 0.875; an unmeasured model is not known to be far below it.
    assert.deepEqual(cascadeOrder(['big', 'small'], facts({ big: 9, small: 1 }, { small: 0.875 })), ['small', 'big'], 'to an unmeasured dearer model');
  });

  it('starts with an unmeasured cheaper model though the dear one is measured: else the cheap one is never asked, so never measured', () => {
    // big answered a task or two (0.875); small has never been asked: its tier prior alone is "far below".
    assert.deepEqual(cascadeOrder(['big', 'small'], facts({ big: 9, small: 1 }, { big: 0.875 })), ['small', 'big']);
    // Measured far below, it is still skipped.
    assert.deepEqual(cascadeOrder(['big', 'small'], facts({ big: 9, small: 1 }, { big: 0.875, small: 0.3 })), ['big']);
  });

  it('orders by price and tier place while nothing is measured, and puts the preferred model first', () => {
    const f = facts({ big: 9, small: 1 }, {});
    assert.deepEqual(cascadeOrder(['big', 'small'], f), ['small', 'big']);
    assert.deepEqual(cascadeOrder(['big', 'small'], f, 'big'), ['big', 'small']);
    assert.deepEqual(cascadeOrder(['big', 'small'], f, 'absent'), ['small', 'big']);
    const three = facts({ a: 10, b: 5, c: 1 }, { a: 0.9, b: 0.85, c: 0.85 });
    assert.deepEqual(cascadeOrder(['a', 'b', 'c'], three, 'b'), ['b', 'a'], 'over the cap the preferred model replaces the first step');
  });
});
