import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/providers/contract';
import type { TokenEstimator } from '../../../src/core/router/promptSize';
import { registered } from './fakeModel';
import { ask, makeRouter, route } from './harness';

/** An estimator that says how often the prompt was counted, with the bound it is given. */
function countingEstimator(count: number, bound: number): TokenEstimator & { counted: number } {
  const estimator = {
    counted: 0,
    messages: (_messages: readonly ChatMessage[]): number => {
      estimator.counted++;
      return count;
    },
    text: (t: string): number => t.length,
    messagesUpperBound: (): number => bound,
  };
  return estimator;
}

describe('router: the prompt is counted only when a decision needs the count', () => {
  it('an ordered tier, no budget and a provider that reports usage: never counted, though each model has a window', async () => {
    const small = registered({ id: 'small', provider: 'openai', contextWindow: 8000, maxOutputTokens: 1000 });
    const estimator = countingEstimator(500, 600);
    const { router } = makeRouter({ models: [small], tiers: { understand: ['small'] }, estimator });
    const { result } = await route(router, 'understand');
    assert.equal(result.modelId, 'small');
    assert.equal(estimator.counted, 0);
    assert.equal(result.attempts[0]?.usage?.input.source, 'reported');
  });

  it('when the bound cannot settle the fit, the count does: a prompt that fits is not skipped on the bound alone', async () => {
    const small = registered({ id: 'small', provider: 'openai', contextWindow: 8000, maxOutputTokens: 1000 });
    const large = registered({ id: 'large', provider: 'anthropic', contextWindow: 200_000, maxOutputTokens: 1000 });
    const estimator = countingEstimator(500, 50_000);
    const { router } = makeRouter({ models: [small, large], tiers: { understand: ['small', 'large'] }, estimator });
    const { result } = await route(router, 'understand');
    assert.equal(result.modelId, 'small');
    assert.equal(estimator.counted, 1, 'counted once, for both windows');
  });

  it('a prompt the count puts over the window is skipped, with the count in the explanation', async () => {
    const small = registered({ id: 'small', provider: 'openai', contextWindow: 8000, maxOutputTokens: 1000 });
    const large = registered({ id: 'large', provider: 'anthropic', contextWindow: 200_000, maxOutputTokens: 1000 });
    const estimator = countingEstimator(7500, 50_000);
    const { router } = makeRouter({ models: [small, large], tiers: { understand: ['small', 'large'] }, estimator });
    const { result } = await route(router, 'understand');
    assert.equal(result.modelId, 'large');
    assert.match(result.explanation, /small skipped: needs ~7500 \+ 1000 tokens, window 8000/);
    assert.equal(estimator.counted, 1);
  });

  it('the cheapest strategy weighs worst-case costs from one count of the prompt', async () => {
    const dear = registered({ id: 'dear', provider: 'openai', price: { input: 10, output: 1 }, maxOutputTokens: 100 });
    const cheap = registered({ id: 'cheap', provider: 'openai', price: { input: 1, output: 1 }, maxOutputTokens: 100 });
    // With 100 output tokens at the same rate, only the prompt's count can tell the two apart.
    const estimator = countingEstimator(10_000, 1_000_000);
    const { router } = makeRouter({ models: [dear, cheap], tiers: { generate: ['dear', 'cheap'] }, estimator, settings: { routing: { strategy: 'cheapest' } } });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'cheap');
    assert.equal(estimator.counted, 1);
  });

  it('a budget counts the prompt for its worst case', async () => {
    const priced = registered({ id: 'priced', provider: 'openai', price: { input: 1, output: 1 }, maxOutputTokens: 100 });
    const estimator = countingEstimator(1_000_000, 3_000_000);
    const { router } = makeRouter({ models: [priced], tiers: { generate: ['priced'] }, estimator, spend: { spentUsd: () => 0 }, settings: { budget: { daily: 0.5, policy: 'block' } } });
    const { result } = await route(router, 'generate');
    // A million prompt tokens at $1 a million is $1 at worst: more than the day's $0.50.
    assert.equal(result.outcome, 'blocked');
    assert.equal(estimator.counted, 1);
  });

  it('usage the provider did not report is estimated from the count, made then', async () => {
    const quiet = registered({ id: 'quiet', provider: 'openai' });
    quiet.model.then({ type: 'fail-after', chunks: ['Because the'], kind: 'network' });
    const estimator = countingEstimator(321, 400);
    const { router } = makeRouter({ models: [quiet], tiers: { understand: ['quiet'] }, estimator });
    const { result } = await route(router, 'understand', ask('Why does this fail?'));
    assert.equal(result.outcome, 'partial');
    const input = result.attempts[0]?.usage?.input;
    assert.deepEqual(input, { tokens: 321, source: 'estimated' });
    assert.equal(estimator.counted, 1);
  });
});
