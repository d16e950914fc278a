import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { Capability } from '../../../src/core/router/capabilities';
import { ModelStats } from '../../../src/core/router/modelStats';
import { seededRandom } from '../../../src/core/router/rng';
import { registered } from './fakeModel';
import { FakeClock, makeRouter, route } from './harness';

function attempt(modelId: string, capability: Capability, outcome: AttemptRecord['outcome'], latencyMs = 500, time = 0): AttemptRecord {
  return { time, requestId: 'r', capability, modelId, provider: 'openai', providerModel: modelId, outcome, latencyMs, ttftMs: latencyMs };
}

/** A random source that replays the given numbers, then repeats the last. */
function scripted(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

const HOUR = 3_600_000;

describe('routing strategies', () => {
  const models = () => [registered({ id: 'a', provider: 'openai' }), registered({ id: 'b', provider: 'anthropic' }), registered({ id: 'c', provider: 'ollama' })];

  it('cheapest: orders by the injected price, unknown price last', () => {
    const { router } = makeRouter({
      models: models(),
      tiers: { generate: ['a', 'b', 'c'] },
      price: (m) => (m.id === 'b' ? { input: 2, output: 2 } : m.id === 'c' ? { input: 1, output: 1 } : undefined),
      settings: { routing: { strategy: 'cheapest' } },
    });
    const d = router.explain('generate');
    assert.deepEqual(d.order, ['c', 'b', 'a']);
    assert.match(d.explanation, /^generate → c \(cheapest, est\. \$0\.0010\)$/);
  });

  it('fastest: orders by measured latency, unmeasured last in tier order', () => {
    const { router, clock } = makeRouter({ models: models(), tiers: { review: ['a', 'b', 'c'] }, settings: { routing: { strategy: 'fastest' } } });
    router.observe(attempt('b', 'review', 'success', 900, clock.t));
    router.observe(attempt('c', 'review', 'success', 200, clock.t));
    assert.deepEqual(router.explain('review').order, ['c', 'b', 'a']);
  });

  describe('adaptive', () => {
    it('prefers the measured-better model, and lets old failures fade', async () => {
      const setup = { models: models(), tiers: { generate: ['a', 'b'] }, random: () => 0.99, settings: { routing: { strategy: 'adaptive' as const, decayHalfLifeMinutes: 60 } } };
      const { router, clock } = makeRouter(setup);
      for (let i = 0; i < 10; i++) {
        router.observe(attempt('a', 'generate', 'error', 500, clock.t));
        router.observe(attempt('b', 'generate', 'success', 500, clock.t));
      }
      assert.deepEqual(router.explain('generate').order, ['b', 'a']);

      // Ten half-lives later a few successes of a outweigh what is left of its failures.
      clock.advance(10 * HOUR);
      for (let i = 0; i < 3; i++) router.observe(attempt('a', 'generate', 'success', 500, clock.t));
      assert.deepEqual(router.explain('generate').order, ['a', 'b']);

      const { result } = await route(router, 'generate');
      assert.equal(result.modelId, 'a');
    });

    it('without decay the same history would keep the recovered model behind', () => {
      const stats = new ModelStats(1e12, new FakeClock().now);
      for (let i = 0; i < 10; i++) stats.observe(attempt('a', 'generate', 'error'));
      for (let i = 0; i < 3; i++) stats.observe(attempt('a', 'generate', 'success'));
      assert.ok(stats.view('generate', 'a').successRate < 0.3);
      const decaying = new ModelStats(HOUR, new FakeClock().now);
      assert.equal(decaying.view('generate', 'a').weight, 0);
      assert.equal(decaying.view('generate', 'a').successRate, 0.5, 'never measured: a neutral prior');
    });

    it('explores a lower-ranked model with the configured share, and says so', async () => {
      const ms = models();
      const { router, clock } = makeRouter({ models: ms, tiers: { generate: ['a', 'b'] }, random: scripted(0.01, 0), settings: { routing: { strategy: 'adaptive', explorationRate: 0.05 } } });
      for (let i = 0; i < 10; i++) {
        router.observe(attempt('a', 'generate', 'error', 500, clock.t));
        router.observe(attempt('b', 'generate', 'success', 500, clock.t));
      }
      const { result } = await route(router, 'generate');
      assert.equal(result.modelId, 'a');
      assert.match(result.explanation, /^generate → a \(exploring, to measure it again\)/);
      // explain() spends no randomness and shows the ranking as it stands.
      assert.deepEqual(router.explain('generate').order, ['b', 'a']);
    });

    it('explores about explorationRate of the time with a seeded source', async () => {
      const { router, clock } = makeRouter({ models: models(), tiers: { generate: ['a', 'b'] }, random: seededRandom(42), settings: { routing: { strategy: 'adaptive', explorationRate: 0.1 } } });
      for (let i = 0; i < 50; i++) router.observe(attempt('b', 'generate', 'success', 500, clock.t));
      let explored = 0;
      for (let i = 0; i < 400; i++) {
        const r = await router.complete('generate', { messages: [{ role: 'user', content: 'x' }] });
        if (r.modelId === 'a') explored++;
      }
      // a keeps succeeding when explored, so it may climb; at minimum it is tried now and then.
      assert.ok(explored >= 20, `explored ${explored}`);
    });

    it('weights speed first for classify and success first for generate', () => {
      const { router, clock } = makeRouter({ models: models(), tiers: { classify: ['a', 'b'], generate: ['a', 'b'] }, settings: { routing: { strategy: 'adaptive' } } });
      // b: always right but slow; a: fast, right 75% of the time.
      for (const cap of ['classify', 'generate'] as const) {
        for (let i = 0; i < 20; i++) {
          router.observe(attempt('a', cap, i % 4 === 0 ? 'error' : 'success', 100, clock.t));
          router.observe(attempt('b', cap, 'success', 2000, clock.t));
        }
      }
      assert.deepEqual(router.explain('classify').order, ['a', 'b']);
      assert.deepEqual(router.explain('generate').order, ['b', 'a']);
      assert.match(router.explain('generate').explanation, /^generate → b \(adaptive, score 0\.\d\d\)$/);
    });

    it('learns from its own attempts', async () => {
      const ms = models();
      ms[0]?.model.always({ type: 'fail', kind: 'server' });
      const { router } = makeRouter({ models: ms, tiers: { generate: ['a', 'b'] }, random: () => 0.99, settings: { routing: { strategy: 'adaptive', circuit: { consecutiveFailures: 100, halfOpenAfterMs: 30_000 } } } });
      const first = await route(router, 'generate');
      assert.deepEqual(first.result.attempts.map((a) => a.modelId), ['a', 'b']);
      const second = await route(router, 'generate');
      assert.deepEqual(second.result.attempts.map((a) => a.modelId), ['b'], 'the failure moved a behind b');
      assert.equal(ms[0]?.model.callCount, 1);
    });
  });

  it('measured: reads the decayed success rate the adaptive strategy ranks by (what the cascade orders by)', () => {
    const { router, clock } = makeRouter({ models: models(), tiers: { generate: ['a', 'b'] } });
    assert.deepEqual(router.measured('generate', 'a'), { weight: 0, successRate: 0.5 });
    for (let i = 0; i < 3; i++) router.observe(attempt('a', 'generate', 'success', 500, clock.t));
    router.observe(attempt('a', 'generate', 'schema-failed', 500, clock.t));
    const a = router.measured('generate', 'a');
    assert.equal(a.weight, 4);
    assert.equal(a.successRate, (3 + 0.5) / 5);
    assert.equal(router.measured('review', 'a').weight, 0, 'per capability');
  });
});
