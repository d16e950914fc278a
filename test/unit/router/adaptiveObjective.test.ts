import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { RoutingObjective } from '../../../src/core/config/settings/router';
import { registered } from './fakeModel';
import { makeRouter } from './harness';

function attempt(modelId: string, ok: boolean, time: number, costUsd?: number): AttemptRecord {
  return { time, requestId: 'r', capability: 'generate', modelId, provider: 'openai', providerModel: modelId, outcome: ok ? 'success' : 'schema-failed', latencyMs: 500, ttftMs: 500, ...(costUsd !== undefined ? { costUsd } : {}) };
}

const MINUTE = 60_000;

describe('adaptive routing: drift, objective, priors (issue 15)', () => {
  const models = () => [registered({ id: 'strong', provider: 'openai' }), registered({ id: 'cheap', provider: 'anthropic' })];

  it('moves traffic off a model that starts failing within 3 calls, though an hour of successes stands behind it', () => {
    const { router, clock } = makeRouter({ models: models(), tiers: { generate: ['strong', 'cheap'] }, random: () => 0.99, settings: { routing: { strategy: 'adaptive', objective: 'quality' } } });
    // One call a minute for 90 minutes: strong right 95% of the time, cheap 80%.
    for (let i = 0; i < 90; i++) {
      clock.advance(MINUTE);
      router.observe(attempt('strong', i % 20 !== 0, clock.t));
      router.observe(attempt('cheap', i % 5 !== 0, clock.t));
    }
    assert.equal(router.explain('generate').chosen, 'strong');
    let calls = 0;
    while (router.explain('generate').chosen === 'strong' && calls < 20) {
      clock.advance(MINUTE);
      router.observe(attempt('strong', false, clock.t));
      calls++;
    }
    // The decayed rate alone (~87 calls behind it) would still rank strong first after 3 failures.
    assert.ok(calls <= 3, `moved after ${calls} failures`);
    assert.match(router.explain('generate').explanation, /strong set back after \d failures in a row/);
  });

  it('an ordinary unlucky pair does not move a 75% model', () => {
    const { router, clock } = makeRouter({ models: models(), tiers: { generate: ['strong', 'cheap'] }, random: () => 0.99, settings: { routing: { strategy: 'adaptive', objective: 'quality' } } });
    for (let i = 0; i < 40; i++) {
      clock.advance(MINUTE);
      router.observe(attempt('strong', i % 4 !== 0, clock.t));
      router.observe(attempt('cheap', i % 2 === 0, clock.t));
    }
    router.observe(attempt('strong', false, clock.t));
    router.observe(attempt('strong', false, clock.t));
    assert.equal(router.explain('generate').chosen, 'strong');
  });

  it('the objective decides how much success a cheaper model may give up, and the explanation cites the figures', () => {
    const chosen = (objective: RoutingObjective): string => {
      const { router, clock } = makeRouter({ models: models(), tiers: { generate: ['strong', 'cheap'] }, random: () => 0.99, settings: { routing: { strategy: 'adaptive', objective } } });
      // strong: 90% at $0.009 a call; cheap: 86% at $0.001 (1/9 the cost).
      for (let i = 0; i < 50; i++) {
        router.observe(attempt('strong', i % 10 !== 0, clock.t, 0.009));
        router.observe(attempt('cheap', i % 50 >= 7, clock.t, 0.001));
      }
      return router.explain('generate').explanation;
    };
    assert.match(chosen('quality'), /^generate → strong \(primary; adaptive, quality: 90% succeeded over 50 calls, the most successful\)$/);
    assert.equal(chosen('balanced'), 'generate → cheap (adaptive, balanced: 86% succeeded over 50 calls, 1/9 the cost of strong (90% succeeded over 50 calls))');
    assert.match(chosen('cost'), /^generate → cheap \(adaptive, cost: /);
  });

  it('a new model starts from its tier place: neither trusted over a measured good model nor ranked below a measured bad one', () => {
    const fresh = makeRouter({ models: models(), tiers: { generate: ['strong', 'cheap'] }, settings: { routing: { strategy: 'adaptive' } } });
    assert.equal(fresh.router.explain('generate').explanation, 'generate → strong (primary; adaptive, balanced: not measured yet (prior 55% from its place in the tier), the most successful)');
    const good = makeRouter({ models: models(), tiers: { generate: ['strong', 'cheap'] }, random: () => 0.99, settings: { routing: { strategy: 'adaptive' } } });
    for (let i = 0; i < 10; i++) good.router.observe(attempt('cheap', true, good.clock.t));
    assert.equal(good.router.explain('generate').chosen, 'cheap');
    const bad = makeRouter({ models: models(), tiers: { generate: ['strong', 'cheap'] }, random: () => 0.99, settings: { routing: { strategy: 'adaptive' } } });
    for (let i = 0; i < 10; i++) bad.router.observe(attempt('cheap', i < 3, bad.clock.t));
    assert.equal(bad.router.explain('generate').chosen, 'strong');
  });
});
