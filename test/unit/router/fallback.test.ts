import assert from 'node:assert/strict';
import { FakeModel, registered } from './fakeModel';
import { ask, collect, makeRouter, reportedUsage, route, types } from './harness';
import { failureWords } from '../../../src/core/router/candidateLoop';
import type { RouteEvent } from '../../../src/core/router/routeEvents';
import { silentLogger } from '../../../src/core/log/logger';
import type { ModelRequest } from '../../../src/core/providers/contract';

describe('router fallback', () => {
  function threeModels() {
    const a = registered({ id: 'a', provider: 'openai' });
    const b = registered({ id: 'b', provider: 'anthropic' });
    const c = registered({ id: 'c', provider: 'ollama' });
    return { a, b, c, models: [a, b, c], tiers: { generate: ['a', 'b', 'c'] } };
  }

  it('answers with the primary when it works, in tier order', async () => {
    const { a, b, models, tiers } = threeModels();
    const { router } = makeRouter({ models, tiers });
    const { events, result } = await route(router, 'generate');
    assert.deepEqual(types(events), ['decision', 'attempt-start:a', 'text-delta', 'attempt-end:a', 'done']);
    assert.equal(result.outcome, 'success');
    assert.equal(result.text, 'hello from a');
    assert.equal(result.modelId, 'a');
    assert.equal(a.model.callCount, 1);
    assert.equal(b.model.callCount, 0);
    assert.equal(result.explanation, 'generate → a (primary)');
  });

  it('moves to the next candidate on retryable errors before the first token, in order', async () => {
    const { a, b, c, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'server' });
    b.model.then({ type: 'fail', kind: 'network' });
    const { router } = makeRouter({ models, tiers });
    const { events, result } = await route(router, 'generate');
    assert.deepEqual(types(events), [
      'decision',
      'attempt-start:a',
      'attempt-end:a',
      'fallback',
      'attempt-start:b',
      'attempt-end:b',
      'fallback',
      'attempt-start:c',
      'text-delta',
      'attempt-end:c',
      'done',
    ]);
    const fallbacks = events.filter((e) => e.type === 'fallback');
    assert.deepEqual(
      fallbacks.map((f) => (f.type === 'fallback' ? [f.from, f.to, f.errorKind] : [])),
      [
        ['a', 'b', 'server'],
        ['b', 'c', 'network'],
      ],
    );
    assert.equal(result.outcome, 'success');
    assert.equal(result.modelId, 'c');
    assert.deepEqual(result.attempts.map((r) => [r.modelId, r.outcome, r.errorKind]), [
      ['a', 'error', 'server'],
      ['b', 'error', 'network'],
      ['c', 'success', undefined],
    ]);
    assert.equal(c.model.callCount, 1);
    assert.equal(result.explanation, 'generate → a (primary); answered by c after a server, b network');
  });

  it('complete() with onEvent hears the events route() yields, the same and in the same order', async () => {
    const streamed = threeModels();
    streamed.a.model.then({ type: 'fail', kind: 'server' });
    const { events } = await route(makeRouter({ models: streamed.models, tiers: streamed.tiers }).router, 'generate');

    const heard = threeModels();
    heard.a.model.then({ type: 'fail', kind: 'server' });
    const router = makeRouter({ models: heard.models, tiers: heard.tiers }).router;
    const listened: RouteEvent[] = [];
    const result = await router.complete('generate', ask(), { onEvent: (e) => listened.push(e) });
    assert.deepEqual(types(listened), types(events));
    assert.deepEqual(types(listened), ['decision', 'attempt-start:a', 'attempt-end:a', 'fallback', 'attempt-start:b', 'text-delta', 'attempt-end:b', 'done']);
    assert.equal(listened.at(-1)?.type === 'done' && listened.at(-1), listened.find((e) => e.type === 'done'), 'one done, last');
    assert.equal(result.text, 'hello from b');
  });

  it('complete() goes on when its onEvent listener throws', async () => {
    const { models, tiers } = threeModels();
    const router = makeRouter({ models, tiers }).router;
    let heard = 0;
    const result = await router.complete('generate', ask(), {
      onEvent: () => {
        heard++;
        throw new Error('a broken listener');
      },
    });
    assert.equal(result.outcome, 'success');
    assert.equal(result.text, 'hello from a');
    assert.equal(heard, 5, 'every event still reached it');
  });

  it('a model the caller\'s admit refuses is skipped with its reason, as the budget skips one, and logged; the next is tried', async () => {
    const { a, b, c, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'server' });
    const warnings: string[] = [];
    const { router } = makeRouter({ models, tiers, log: { ...silentLogger, warn: (m: string) => void warnings.push(m) } });
    const asked: string[] = [];
    const request = ask();
    const admit = (id: string, routed: ModelRequest) => (asked.push(id), assert.equal(routed, request), id === 'b' ? 'over the cap' : undefined);
    const { events, result } = await route(router, 'generate', request, { admit });
    assert.deepEqual(asked, ['a', 'b', 'c'], 'asked before the first model and before each fallback');
    assert.equal(b.model.callCount, 0);
    assert.equal(c.model.callCount, 1);
    assert.equal(result.modelId, 'c');
    const skip = events.find((e) => e.type === 'fallback' && e.from === 'b');
    assert.deepEqual(skip, { type: 'fallback', from: 'b', to: 'c', reason: 'b skipped: over the cap', errorKind: 'budget' });
    assert.ok(warnings.some((l) => /falling back from b to c: b skipped: over the cap/.test(l)), `a log line for the skip: ${JSON.stringify(warnings)}`);

    // Refused to the last: the request's error says why, beside the other failures.
    const none = await route(makeRouter({ models: threeModels().models, tiers }).router, 'generate', ask(), { admit: () => 'over the cap' });
    assert.equal(none.result.outcome, 'error');
    assert.match(none.result.error?.message ?? '', /a, b, c: over the cap/);
  });

  it('moves on after auth and model-not-found errors (another provider may work)', async () => {
    const { a, b, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'auth' });
    b.model.then({ type: 'fail', kind: 'model-not-found' });
    const { router } = makeRouter({ models, tiers });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'c');
  });

  it('stops on a bad request instead of shopping it around', async () => {
    const { a, b, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'bad-request' });
    const { router } = makeRouter({ models, tiers });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'error');
    assert.equal(result.error?.kind, 'bad-request');
    assert.equal(b.model.callCount, 0);
  });

  it('reports an error naming every failure when all candidates fail', async () => {
    const { a, b, c, models, tiers } = threeModels();
    for (const m of [a, b, c]) m.model.always({ type: 'fail', kind: 'server' });
    const { router } = makeRouter({ models, tiers });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'error');
    assert.equal(result.error?.kind, 'server');
    assert.match(result.error?.message ?? '', /a: a: server; b: b: server; c: c: server/);
    assert.equal(result.attempts.length, 3);
  });

  it('says in a few words why each of several candidates failed, once for those that failed alike', () => {
    const overloaded = 'server error (HTTP 503): The engine is currently overloaded';
    const long = (model: string) => `The OpenAI-compatible server failed with a server error (HTTP 503) for model "${model}". Try again later or use another model. Provider said: The engine is currently overloaded`;
    assert.equal(
      failureWords([
        { id: 'a', words: overloaded, message: long('a') },
        { id: 'b', words: 'circuit open' },
        { id: 'c', words: overloaded, message: long('c') },
      ]),
      `a, c: ${overloaded}; b: circuit open`,
    );
    // One candidate alone keeps its whole message: its advice is what the person acts on.
    assert.equal(failureWords([{ id: 'a', words: overloaded, message: long('a') }]), `a: ${long('a')}`);
    assert.equal(failureWords([{ id: 'a', words: 'over budget' }]), 'a: over budget');
  });

  it('retries once on the same model when retry-after is short', async () => {
    const { a, b, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'rate-limit', retryAfterMs: 500 });
    const slept: number[] = [];
    const { router } = makeRouter({ models, tiers, sleep: async (ms) => void slept.push(ms) });
    const { events, result } = await route(router, 'generate');
    assert.deepEqual(slept, [500]);
    assert.deepEqual(types(events), ['decision', 'attempt-start:a', 'attempt-end:a', 'retry', 'attempt-start:a', 'text-delta', 'attempt-end:a', 'done']);
    assert.equal(result.modelId, 'a');
    assert.equal(a.model.callCount, 2);
    assert.equal(b.model.callCount, 0);
  });

  it('retries only once: a second short 429 moves on', async () => {
    const { a, b, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'rate-limit', retryAfterMs: 10 }, { type: 'fail', kind: 'rate-limit', retryAfterMs: 10 });
    const { router } = makeRouter({ models, tiers });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'b');
    assert.equal(a.model.callCount, 2);
    assert.equal(b.model.callCount, 1);
  });

  it('moves on at once when retry-after is longer than the limit', async () => {
    const { a, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'rate-limit', retryAfterMs: 5000 });
    const slept: number[] = [];
    const { router } = makeRouter({ models, tiers, sleep: async (ms) => void slept.push(ms), settings: { routing: { retryAfterLimitMs: 2000 } } });
    const { events, result } = await route(router, 'generate');
    assert.deepEqual(slept, []);
    assert.equal(result.modelId, 'b');
    assert.equal(a.model.callCount, 1);
    const fallback = events.find((e) => e.type === 'fallback');
    assert.ok(fallback?.type === 'fallback');
    assert.match(fallback.reason, /rate limited \(retry after 5 s\)/);
  });

  it('moves on when the model reports no first token in time (the adapter owns that clock)', async () => {
    const { a, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'timeout-first-token' });
    const { router } = makeRouter({ models, tiers });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'b');
    assert.equal(result.attempts[0]?.errorKind, 'timeout-first-token');
  });

  it('keeps and marks partial text when a failure follows streamed tokens, without restarting', async () => {
    const { a, b, models, tiers } = threeModels();
    a.model.then({ type: 'fail-after', chunks: ['The answer ', 'is'], kind: 'network' });
    const { router } = makeRouter({ models, tiers });
    const { events, result } = await route(router, 'generate');
    assert.equal(result.outcome, 'partial');
    assert.equal(result.partial, true);
    assert.equal(result.text, 'The answer is');
    assert.equal(result.continueWith, 'b');
    assert.equal(b.model.callCount, 0, 'never silently restarts on another model');
    assert.equal(result.attempts[0]?.outcome, 'partial');
    assert.equal(result.attempts[0]?.usage?.output.source, 'estimated');
    assert.equal(events.filter((e) => e.type === 'text-delta').length, 2);
    assert.equal(result.error?.message, 'a: network. The answer stopped after 13 characters; it can continue on b.', 'the failure\'s words, then the stop, as two sentences');
  });

  it('continues on the suggested model when asked', async () => {
    const { a, b, models, tiers } = threeModels();
    a.model.then({ type: 'fail-after', chunks: ['part'], kind: 'network' });
    const { router } = makeRouter({ models, tiers });
    const first = await router.complete('generate', ask());
    const second = await router.complete('generate', ask(), { preferModel: first.continueWith });
    assert.equal(second.modelId, 'b');
    assert.match(second.explanation, /b \(continuing, as asked\)/);
    assert.equal(b.model.callCount, 1);
  });

  it('ends at once on cancellation mid-stream and records what was known', async () => {
    const { a, b, models, tiers } = threeModels();
    // The model ignores the abort, so only the router can end the request promptly.
    a.model.then({ type: 'hang', chunks: ['Some ', 'text'], ignoreAbort: true });
    const recorded: string[] = [];
    const { router } = makeRouter({ models, tiers, settings: { routing: { firstTokenTimeoutMs: 600_000 } }, recorder: { record: (r) => void recorded.push(r.outcome) } });
    const controller = new AbortController();
    const events = [];
    for await (const e of router.route('generate', ask(), { signal: controller.signal })) {
      events.push(e);
      if (e.type === 'text-delta' && e.text === 'text') controller.abort();
    }
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.equal(done.result.outcome, 'cancelled');
    assert.equal(done.result.text, 'Some text');
    assert.equal(done.result.partial, true);
    const record = done.result.attempts[0];
    assert.equal(record?.outcome, 'cancelled');
    assert.equal(record?.errorKind, 'cancelled');
    assert.ok((record?.usage?.output.tokens ?? 0) > 0, 'usage known so far is recorded');
    assert.ok((record?.usage?.input.tokens ?? 0) > 0);
    assert.deepEqual(recorded, ['cancelled']);
    assert.equal(a.model.calls[0]?.signal?.aborted, true, 'the HTTP request is aborted');
    assert.equal(b.model.callCount, 0);
  });

  it('treats a caller that stops reading as a cancellation', async () => {
    const { a, models, tiers } = threeModels();
    a.model.then({ type: 'hang', chunks: ['x'], ignoreAbort: true });
    const recorded: string[] = [];
    const { router } = makeRouter({ models, tiers, recorder: { record: (r) => void recorded.push(r.outcome) } });
    for await (const e of router.route('generate', ask())) {
      if (e.type === 'text-delta') break;
    }
    assert.deepEqual(recorded, ['cancelled']);
    assert.equal(a.model.calls[0]?.signal?.aborted, true);
  });

  it('starts no further attempt once cancelled between attempts', async () => {
    const { a, b, models, tiers } = threeModels();
    a.model.then({ type: 'fail', kind: 'server' });
    const { router } = makeRouter({ models, tiers });
    const controller = new AbortController();
    let last;
    for await (const e of router.route('generate', ask(), { signal: controller.signal })) {
      if (e.type === 'fallback') controller.abort();
      last = e;
    }
    assert.ok(last?.type === 'done');
    assert.equal(last.result.outcome, 'cancelled');
    assert.equal(b.model.callCount, 0);
  });

  it('does nothing for a request cancelled before it starts', async () => {
    const { a, models, tiers } = threeModels();
    const { router } = makeRouter({ models, tiers });
    const { result } = await collect(router.route('generate', ask(), { signal: AbortSignal.abort() }));
    assert.equal(result.outcome, 'cancelled');
    assert.equal(a.model.callCount, 0);
  });

  it('fills the attempt record from the stream', async () => {
    const a = registered({ id: 'a', provider: 'openai', price: { input: 1, output: 2 } }, new FakeModel('openai', 'gpt-x', { type: 'answer', chunks: ['ok'], usage: reportedUsage(1000, 500) }));
    const { router } = makeRouter({ models: [a], tiers: { review: ['a'] } });
    const { result } = await route(router, 'review', ask(), { workspace: 'ws1', conversationId: 'conv' });
    const r = result.attempts[0];
    assert.equal(r?.capability, 'review');
    assert.equal(r?.provider, 'openai');
    assert.equal(r?.providerModel, 'gpt-x');
    assert.equal(r?.workspace, 'ws1');
    assert.equal(r?.conversationId, 'conv');
    assert.equal(r?.costUsd, (1000 * 1 + 500 * 2) / 1e6);
    assert.equal(result.costUsd, r?.costUsd);
    assert.ok(r?.ttftMs !== undefined);
    assert.equal(result.usage?.input.tokens, 1000);
  });

  it('bills cached prompt tokens at the cache rates', async () => {
    const usage = { ...reportedUsage(1000, 0), cacheRead: { tokens: 800, source: 'reported' as const } };
    const a = registered({ id: 'a', provider: 'anthropic', price: { input: 3, output: 15, cacheRead: 0.3 } }, new FakeModel('anthropic', 'sonnet', { type: 'answer', chunks: ['ok'], usage }));
    const { router } = makeRouter({ models: [a], tiers: { review: ['a'] } });
    const { result } = await route(router, 'review');
    assert.equal(result.costUsd, (200 * 3 + 800 * 0.3) / 1e6);
  });

  it('keeps unknown cost unknown', async () => {
    const a = registered({ id: 'a', provider: 'openai' });
    const { router } = makeRouter({ models: [a], tiers: { review: ['a'] } });
    const { result } = await route(router, 'review');
    assert.equal(result.attempts[0]?.costUsd, undefined);
    assert.equal(result.costUsd, undefined);
  });
});
