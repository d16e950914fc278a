import assert from 'node:assert/strict';
import { registered } from './fakeModel';
import { ask, makeRouter, route } from './harness';

describe('router candidate filters', () => {
  describe('privacy.localOnly', () => {
    function models() {
      const cloud = registered({ id: 'cloud', provider: 'openai' });
      const lan = registered({ id: 'proxy', provider: 'openai-compatible', baseUrl: 'https://llm.example.com/v1' });
      const loop = registered({ id: 'loop', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8080/v1' });
      const ollama = registered({ id: 'ollama', provider: 'ollama' });
      const marked = registered({ id: 'marked', provider: 'openai-compatible', baseUrl: 'https://gpu.box.internal/v1', local: true });
      return { cloud, lan, loop, ollama, marked };
    }

    it('sends nothing to a cloud endpoint, even when every local model fails', async () => {
      const { cloud, lan, loop, ollama, marked } = models();
      loop.model.always({ type: 'fail', kind: 'server' });
      ollama.model.always({ type: 'fail', kind: 'server' });
      marked.model.always({ type: 'fail', kind: 'network' });
      const { router } = makeRouter({ models: [cloud, lan, loop, ollama, marked], tiers: { plan: ['cloud', 'proxy', 'loop', 'ollama', 'marked'] }, settings: { privacy: { localOnly: true } } });
      const { result } = await route(router, 'plan');
      assert.equal(result.outcome, 'error');
      assert.equal(cloud.model.callCount, 0);
      assert.equal(lan.model.callCount, 0);
      assert.deepEqual(result.attempts.map((a) => a.modelId), ['loop', 'ollama', 'marked']);
      assert.match(result.explanation, /cloud skipped: not local \(privacy\.localOnly is on\); proxy skipped: not local/);
    });

    it('answers from a local model and says why the cloud one was skipped', async () => {
      const { cloud, ollama } = models();
      const { router } = makeRouter({ models: [cloud, ollama], tiers: { plan: ['cloud', 'ollama'] }, settings: { privacy: { localOnly: true } } });
      const { result } = await route(router, 'plan');
      assert.equal(result.modelId, 'ollama');
      assert.equal(cloud.model.callCount, 0);
      assert.equal(result.explanation, 'plan → ollama (fallback #1); cloud skipped: not local (privacy.localOnly is on)');
    });

    it('with only cloud models in the tier, the error names each and what to change', async () => {
      const { cloud, lan } = models();
      const { router } = makeRouter({ models: [cloud, lan], tiers: { review: ['cloud', 'proxy'] }, settings: { privacy: { localOnly: true } } });
      const { result } = await route(router, 'review');
      assert.equal(result.outcome, 'error');
      assert.equal(result.error?.kind, 'no-candidate');
      assert.equal(
        result.error?.message,
        'Every review model was skipped: cloud: not local (privacy.localOnly is on); proxy: not local (privacy.localOnly is on). Add a local model to switchboard.tiers.review, or turn off switchboard.privacy.localOnly.',
      );
      // Under an experiment, the variant's models are the ones to change.
      const { router: ab } = makeRouter({
        models: [cloud, lan],
        tiers: { review: ['proxy'] },
        settings: { privacy: { localOnly: true }, experiments: [{ id: 'review-ab', capability: 'review', enabled: true, variants: [{ name: 'cloudy', models: ['cloud'], weight: 1 }, { name: 'off', models: ['proxy'], weight: 0 }] }] },
      });
      const { result: variant } = await route(ab, 'review');
      assert.equal(
        variant.error?.message,
        'Every review model was skipped: cloud: not local (privacy.localOnly is on). Add a local model to variant cloudy of experiment review-ab (switchboard.experiments), or turn off switchboard.privacy.localOnly.',
      );
      // Other reasons are named, without the privacy advice.
      const open = registered({ id: 'flaky', provider: 'ollama' });
      const { router: second, clock } = makeRouter({ models: [open], tiers: { review: ['flaky'] }, settings: { routing: { circuit: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 } } } });
      open.model.then({ type: 'fail', kind: 'server' });
      await route(second, 'review');
      clock.advance(1);
      const { result: refused } = await route(second, 'review');
      assert.match(refused.error?.message ?? '', /^Every review model was skipped: flaky: circuit open/);
      assert.doesNotMatch(refused.error?.message ?? '', /localOnly/);
    });

    it('does not step down to a cloud model for the budget either', async () => {
      const { cloud } = models();
      const paid = registered({ id: 'paidlocal', provider: 'ollama', price: { input: 1, output: 1000 }, maxOutputTokens: 100 });
      const { router } = makeRouter({
        models: [paid, cloud],
        tiers: { plan: ['paidlocal'] },
        price: (c) => (c.id === 'cloud' ? { input: 0, output: 0 } : c.price),
        spend: { spentUsd: () => 0.99 },
        settings: { privacy: { localOnly: true }, budget: { daily: 1, policy: 'step-down' } },
      });
      const { result } = await route(router, 'plan');
      assert.equal(cloud.model.callCount, 0);
      assert.equal(result.outcome, 'blocked');
    });
  });

  describe('context fit', () => {
    function models() {
      const small = registered({ id: 'small', provider: 'openai', contextWindow: 8000, maxOutputTokens: 1000 });
      const same = registered({ id: 'same', provider: 'openai', contextWindow: 8000, maxOutputTokens: 1000 });
      const large = registered({ id: 'large', provider: 'anthropic', contextWindow: 200_000, maxOutputTokens: 1000 });
      return { small, same, large };
    }

    it('skips models whose window cannot hold the estimated prompt plus output', async () => {
      const { small, large } = models();
      const { router } = makeRouter({ models: [small, large], tiers: { understand: ['small', 'large'] }, estimator: { messages: () => 7500, text: (t) => t.length } });
      const { result } = await route(router, 'understand');
      assert.equal(small.model.callCount, 0);
      assert.equal(result.modelId, 'large');
      assert.match(result.explanation, /small skipped: needs ~7500 \+ 1000 tokens, window 8000/);
    });

    it('uses the injected estimator and the request output allowance', async () => {
      const { small, large } = models();
      const { router } = makeRouter({ models: [small, large], tiers: { understand: ['small', 'large'] }, estimator: { messages: () => 7500, text: (t) => t.length } });
      const { result } = await route(router, 'understand', { ...ask(), maxOutputTokens: 400 });
      assert.equal(result.modelId, 'small');
      assert.equal(small.model.calls[0]?.request.maxOutputTokens, 400);
    });

    it('moves to a model with a larger window after a context-window error', async () => {
      const { small, same, large } = models();
      small.model.then({ type: 'fail', kind: 'context-window' });
      const { router } = makeRouter({ models: [small, same, large], tiers: { understand: ['small', 'same', 'large'] } });
      const { result, events } = await route(router, 'understand');
      assert.equal(result.modelId, 'large');
      assert.equal(same.model.callCount, 0, 'a window of the same size would fail the same way');
      const reasons = events.flatMap((e) => (e.type === 'fallback' ? [e.reason] : []));
      assert.deepEqual(reasons, ['context window exceeded; trying a larger one', 'same skipped: its context window (8000) is not larger than one that was exceeded']);
      assert.equal(router.healthOf('small').state, 'closed');
    });
  });

  it('uses every model when a capability has no tier, and reports unknown ids from an override', async () => {
    const a = registered({ id: 'a', provider: 'openai' });
    const { router } = makeRouter({ models: [a], tiers: {} });
    const { result } = await route(router, 'classify');
    assert.equal(result.modelId, 'a');
    const none = makeRouter({ models: [], tiers: {} }).router;
    const empty = await route(none, 'classify');
    assert.equal(empty.result.outcome, 'error');
    assert.equal(empty.result.error?.kind, 'no-candidate');
    assert.match(empty.result.explanation, /no model is configured for classify/);
  });

  it('honours exclude', async () => {
    const a = registered({ id: 'a', provider: 'openai' });
    const b = registered({ id: 'b', provider: 'openai' });
    const { router } = makeRouter({ models: [a, b], tiers: { review: ['a', 'b'] } });
    const { result } = await route(router, 'review', ask(), { exclude: ['a'] });
    assert.equal(result.modelId, 'b');
    assert.equal(a.model.callCount, 0);
  });
});
