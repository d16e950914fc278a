import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { QualitySignal } from '../../../src/core/metrics/qualitySignal';
import { ModelStats } from '../../../src/core/router/modelStats';
import { registered } from './fakeModel';
import { makeRouter } from './harness';

const HOUR = 3_600_000;

function attempt(modelId: string, time: number): AttemptRecord {
  return { time, requestId: 'r', capability: 'generate', modelId, provider: 'openai', providerModel: modelId, outcome: 'success', latencyMs: 500, ttftMs: 500 };
}

function applied(modelId: string, value: 'accepted' | 'rejected', time: number): QualitySignal {
  return { time, kind: 'apply', value, requestId: `r-${modelId}-${time}`, modelId, capability: 'generate' };
}

describe('routing learns from quality signals', () => {
  it('a rejected Apply counts as failures of that model on that capability, an accepted one as successes', () => {
    const now = 0;
    const stats = new ModelStats(HOUR, () => now);
    stats.observe(attempt('a', now));
    stats.observeSignal(applied('a', 'rejected', now));
    // One streamed success and a rejection weighing two: 1 of 3, with the neutral prior (0.5 of 1).
    assert.equal(stats.view('generate', 'a').successRate, (1 + 0.5) / (3 + 1));
    assert.deepEqual(stats.view('generate', 'a').signals, { count: 1, acceptedShare: 0 });
    stats.observeSignal(applied('a', 'accepted', now));
    assert.equal(stats.view('generate', 'a').successRate, (3 + 0.5) / (5 + 1));
    assert.equal(stats.view('review', 'a').signals, undefined);
  });

  it('a signal replayed from the store weighs as much as it would have decayed since', () => {
    const now = 10 * HOUR;
    const stats = new ModelStats(HOUR, () => now);
    stats.observeSignal(applied('a', 'accepted', now - HOUR));
    assert.equal(stats.view('generate', 'a').signals?.count, 0.5);
    stats.observeSignal({ ...applied('a', 'accepted', now), kind: 'rating', value: 'cleared' });
    assert.equal(stats.view('generate', 'a').signals?.count, 0.5);
  });

  it('moves the adaptive choice, and the explanation cites the acceptance', () => {
    const { router, clock } = makeRouter({
      models: [registered({ id: 'strong', provider: 'openai' }), registered({ id: 'cheap', provider: 'anthropic' })],
      tiers: { generate: ['strong', 'cheap'] },
      random: () => 0.99,
      settings: { routing: { strategy: 'adaptive', decayHalfLifeMinutes: 60 } },
    });
    for (const id of ['strong', 'cheap']) for (let i = 0; i < 3; i++) router.observe(attempt(id, clock.t));
    router.observeSignal(applied('strong', 'rejected', clock.t));
    router.observeSignal(applied('strong', 'rejected', clock.t + 1));
    router.observeSignal(applied('strong', 'accepted', clock.t + 2));
    router.observeSignal(applied('cheap', 'accepted', clock.t));
    const decision = router.explain('generate');
    assert.deepEqual(decision.order, ['cheap', 'strong']);
    assert.match(decision.explanation, /^generate → cheap \(adaptive, balanced: .*, 100% accepted over 1 answer\)$/);
  });

  it('other strategies do not cite signals', () => {
    const { router, clock } = makeRouter({ models: [registered({ id: 'a', provider: 'openai' })], tiers: { generate: ['a'] } });
    router.observeSignal(applied('a', 'accepted', clock.t));
    assert.doesNotMatch(router.explain('generate').explanation, /accepted/);
  });
});
