import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { Complexity } from '../../../src/core/router/capabilities';
import { MIN_COMPLEXITY_CALLS, ModelStats } from '../../../src/core/router/modelStats';
import { registered } from './fakeModel';
import { makeRouter, route } from './harness';

const HOUR = 3_600_000;

function attempt(modelId: string, ok: boolean, complexity: Complexity | undefined, costUsd: number, time = 0): AttemptRecord {
  return {
    time,
    requestId: 'r',
    capability: 'generate',
    modelId,
    provider: 'openai',
    providerModel: modelId,
    outcome: ok ? 'success' : 'schema-failed',
    latencyMs: 500,
    ttftMs: 500,
    costUsd,
    ...(complexity ? { complexity } : {}),
  };
}

describe('adaptive scores per complexity (issue 15, Learning)', () => {
  it("a complexity's own figures count once it holds enough calls; before, the capability's stand in", () => {
    const stats = new ModelStats(HOUR, () => 0);
    for (let i = 0; i < 20; i++) stats.observe(attempt('m', true, 'low', 0.001));
    for (let i = 0; i < MIN_COMPLEXITY_CALLS - 1; i++) stats.observe(attempt('m', false, 'high', 0.001));
    const thin = stats.view('generate', 'm', 'high');
    assert.equal(thin.complexity, undefined);
    assert.deepEqual(thin.fellBackFrom, { complexity: 'high', calls: MIN_COMPLEXITY_CALLS - 1 });
    assert.equal(thin.weight, 20 + MIN_COMPLEXITY_CALLS - 1);
    stats.observe(attempt('m', false, 'high', 0.001));
    const own = stats.view('generate', 'm', 'high');
    assert.equal(own.complexity, 'high');
    assert.equal(own.weight, MIN_COMPLEXITY_CALLS);
    assert.equal(own.successes, 0);
    assert.equal(stats.view('generate', 'm', 'low').successes, 20);
    // Without a complexity: the whole capability, every call of any complexity.
    assert.equal(stats.view('generate', 'm').weight, 20 + MIN_COMPLEXITY_CALLS);
  });

  it("the failure streak is the capability's, so a model that broke is set back at every complexity", () => {
    const stats = new ModelStats(HOUR, () => 0);
    for (let i = 0; i < 20; i++) stats.observe(attempt('m', true, 'low', 0.001));
    stats.observe(attempt('m', false, 'high', 0.001));
    stats.observe(attempt('m', false, 'medium', 0.001));
    assert.equal(stats.view('generate', 'm', 'low').failureStreak, 2);
  });

  it('quality signals with a complexity count for it too', () => {
    const stats = new ModelStats(HOUR, () => 0);
    for (let i = 0; i < MIN_COMPLEXITY_CALLS; i++) stats.observeSignal({ capability: 'generate', modelId: 'm', kind: 'apply', value: 'rejected', time: 0, complexity: 'high' });
    assert.equal(stats.view('generate', 'm', 'high').complexity, 'high');
    assert.equal(stats.view('generate', 'm', 'high').signals?.acceptedShare, 0);
    assert.equal(stats.view('generate', 'm').signals?.count, MIN_COMPLEXITY_CALLS);
  });

  it('routes easy requests to the cheap model and hard ones to the strong one, and says why in figures', () => {
    const { router } = makeRouter({
      models: [registered({ id: 'strong', provider: 'openai' }), registered({ id: 'cheap', provider: 'anthropic' })],
      tiers: { generate: ['strong', 'cheap'] },
      random: () => 0.99,
      settings: { routing: { strategy: 'adaptive', objective: 'balanced' } },
    });
    // strong: 90% on either at $0.009; cheap: 90% on low, 30% on high, at $0.001 (1/9 the cost).
    for (let i = 0; i < 40; i++) {
      router.observe(attempt('strong', i % 10 !== 0, 'low', 0.009));
      router.observe(attempt('strong', i % 10 !== 0, 'high', 0.009));
      router.observe(attempt('cheap', i % 10 !== 0, 'low', 0.001));
      router.observe(attempt('cheap', i % 10 < 3, 'high', 0.001));
    }
    const low = router.explain('generate', { complexity: 'low' });
    assert.equal(low.chosen, 'cheap');
    assert.match(low.explanation, /^generate → cheap \(adaptive, balanced: 90% succeeded over 40 low-complexity calls, 1\/9 the cost of strong \(90% succeeded over 40 low-complexity calls\)\)$/);
    const high = router.explain('generate', { complexity: 'high' });
    assert.equal(high.chosen, 'strong');
    assert.match(high.explanation, /strong \(primary; adaptive, balanced: 90% succeeded over 40 high-complexity calls, the most successful\)/);
    // Over both (no complexity known), cheap's 60% is not worth its lower price.
    assert.equal(router.explain('generate').chosen, 'strong');
  });

  it('while a complexity has too few calls, the explanation says the figures are of any complexity', () => {
    const { router } = makeRouter({
      models: [registered({ id: 'strong', provider: 'openai' }), registered({ id: 'cheap', provider: 'anthropic' })],
      tiers: { generate: ['strong', 'cheap'] },
      random: () => 0.99,
      settings: { routing: { strategy: 'adaptive', objective: 'balanced' } },
    });
    for (let i = 0; i < 40; i++) {
      router.observe(attempt('strong', i % 10 !== 0, 'low', 0.009));
      router.observe(attempt('cheap', i % 10 !== 0, 'low', 0.001));
    }
    router.observe(attempt('cheap', true, 'medium', 0.001));
    const medium = router.explain('generate', { complexity: 'medium' });
    assert.equal(medium.explanation, 'generate → cheap (adaptive, balanced: 90% succeeded over 41 calls of any complexity (1 at medium complexity so far), the most successful)');
  });

  it("ranks on a complexity's figures only when every candidate has enough of them: like is compared with like", () => {
    const { router } = makeRouter({
      models: [registered({ id: 'strong', provider: 'openai' }), registered({ id: 'cheap', provider: 'anthropic' })],
      tiers: { generate: ['strong', 'cheap'] },
      random: () => 0.99,
      settings: { routing: { strategy: 'adaptive', objective: 'quality' } },
    });
    // strong: 50% on 20 hard requests, 100% on 20 easy ones (75% overall); cheap: 70% on 20 easy ones, never asked a hard one.
    for (let i = 0; i < 20; i++) {
      router.observe(attempt('strong', i % 2 === 0, 'high', 0.009));
      router.observe(attempt('strong', true, 'low', 0.009));
      router.observe(attempt('cheap', i % 10 < 7, 'low', 0.009));
    }
    // Mixed scopes would set strong's 50% on hard against cheap's 70% on easy; compared over all requests, strong leads.
    const high = router.explain('generate', { complexity: 'high' });
    assert.equal(high.chosen, 'strong');
    assert.match(high.explanation, /strong \(primary; adaptive, quality: 75% succeeded over 40 calls of any complexity \(20 at high complexity so far\), the most successful\)/);
  });

  it("a routed request's complexity is recorded on its attempt and learned under it", async () => {
    const { router } = makeRouter({ models: [registered({ id: 'only', provider: 'openai' })], tiers: { generate: ['only'] } });
    const { result } = await route(router, 'generate', undefined, { complexity: 'high' });
    assert.equal(result.attempts[0]?.complexity, 'high');
    for (let i = 1; i < MIN_COMPLEXITY_CALLS; i++) await route(router, 'generate', undefined, { complexity: 'high' });
    assert.equal(router.measured('generate', 'only', 'high').complexity, 'high');
    assert.equal(router.measured('generate', 'only', 'low').fellBackFrom?.calls, 0);
  });
});
