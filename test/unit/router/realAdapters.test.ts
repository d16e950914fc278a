import assert from 'node:assert/strict';
import { deriveUsage } from '../../support/fakeProviders/fakeServerCore';
import { useFakeProviders } from './fakeProviderSuite';
import { ask, makeRouter, route } from './harness';

/**
 * The router with the real adapters (real SDKs over real HTTP) against local servers that speak
 * each provider's wire protocol. Only the servers are fakes.
 */
describe('router with the real adapters and fake provider servers', () => {
  const fake = useFakeProviders('sk-test-0123456789abcdefROUTER');
  const model = fake.model;
  function models() {
    // The fake servers listen on loopback; `local: false` makes them stand in for cloud endpoints.
    return [
      model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false, contextWindow: 16_000, price: { input: 0.15, output: 0.6 } }, fake.openai.baseURL),
      model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false, contextWindow: 200_000, price: { input: 3, output: 15 } }, fake.anthropic.baseURL),
      model({ id: 'llama', provider: 'ollama', model: 'llama3.2', contextWindow: 8192 }, fake.ollama.baseURL),
    ];
  }

  it('falls back from a 500 to the next provider and streams its answer', async () => {
    fake.openai.enqueue({ kind: 'server-error' });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Hi', ' there'], usage: { input: 12, output: 3 } });
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude', 'llama'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'success');
    assert.equal(result.text, 'Hi there');
    assert.deepEqual(result.attempts.map((a) => [a.modelId, a.outcome, a.errorKind]), [
      ['gpt', 'error', 'server'],
      ['claude', 'success', undefined],
    ]);
    assert.equal(result.usage?.output.tokens, 3);
    assert.equal(result.usage?.output.source, 'reported');
    assert.equal(fake.openai.chatRequests.length, 1, 'the SDK did not retry on its own');
    assert.equal(fake.ollama.chatRequests.length, 0);
  });

  it('says once why two models behind one overloaded server failed, in the provider\'s words, and gives each fallback in a few words', async () => {
    const overloaded = { kind: 'server-error' as const, status: 503, message: 'The engine is currently overloaded, please try again later' };
    fake.openai.enqueue(overloaded, overloaded);
    const gpt2 = model({ id: 'gpt-2nd', provider: 'openai', model: 'gpt-4o', local: false, price: { input: 2.5, output: 10 } }, fake.openai.baseURL);
    const { router } = makeRouter({ models: [...models(), gpt2], tiers: { generate: ['gpt', 'gpt-2nd'] } });
    const { result, events } = await route(router, 'generate');
    assert.equal(result.outcome, 'error');
    assert.equal(result.error?.message, 'No model could answer generate: gpt, gpt-2nd: server error (HTTP 503): The engine is currently overloaded, please try again later.');
    const fallbacks = events.flatMap((e) => (e.type === 'fallback' ? [e.reason] : []));
    assert.deepEqual(fallbacks, ['server error (HTTP 503): The engine is currently overloaded, please try again later', 'server error (HTTP 503): The engine is currently overloaded, please try again later']);
  });

  it('ends the error with one full stop when the provider\'s own words already end with one', async () => {
    const overloaded = { kind: 'server-error' as const, status: 503, message: 'The engine is currently overloaded. Please try again later.' };
    fake.openai.enqueue(overloaded, overloaded);
    const gpt2 = model({ id: 'gpt-2nd', provider: 'openai', model: 'gpt-4o', local: false, price: { input: 2.5, output: 10 } }, fake.openai.baseURL);
    const { router } = makeRouter({ models: [...models(), gpt2], tiers: { generate: ['gpt', 'gpt-2nd'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.error?.message, 'No model could answer generate: gpt, gpt-2nd: server error (HTTP 503): The engine is currently overloaded. Please try again later.');
  });

  it('moves on when no first token arrives within the model\'s budget, and closes the slow connection', async () => {
    fake.openai.enqueue({ kind: 'hang' });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Hi'], usage: { input: 12, output: 1 } });
    const [gpt, claude] = [
      model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL, 300),
      model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false }, fake.anthropic.baseURL, 300),
    ];
    const { router } = makeRouter({ models: [gpt, claude], tiers: { generate: ['gpt', 'claude'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'claude');
    assert.equal(result.attempts[0]?.errorKind, 'timeout-first-token');
    assert.equal(await fake.openai.chatRequests[0]?.ended, 'client-closed');
  });

  it('lets a model reason for 1.5 s before its first word under a 1 s first-token budget (one clock, the adapter\'s)', async () => {
    fake.anthropic.enqueue({ kind: 'text', reasoningChunks: ['Let me think.'], afterReasoningDelayMs: 1500, chunks: ['Done.'], usage: { input: 20, output: 9 } });
    const claude = model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false }, fake.anthropic.baseURL, 1000);
    // The router's own setting is as short: before, the router ran a second clock that only text stopped.
    const { router } = makeRouter({ models: [claude], tiers: { generate: ['claude'] }, settings: { routing: { firstTokenTimeoutMs: 1000 } } });
    const { events, result } = await route(router, 'generate');
    assert.equal(result.outcome, 'success');
    assert.equal(result.text, 'Done.');
    assert.deepEqual(
      events.filter((e) => e.type === 'reasoning-delta').map((e) => (e.type === 'reasoning-delta' ? e.text : '')),
      ['Let me think.'],
      'the reasoning reached the caller as reasoning, not as answer text',
    );
    assert.ok((result.attempts[0]?.ttftMs ?? Infinity) < 1000, 'the reasoning was the first token');
  });

  it('records the usage a provider reported for a stream that dropped mid-answer', async () => {
    fake.anthropic.enqueue({ kind: 'drop-mid-stream', chunks: ['The answer ', 'is', ' long'], afterChunks: 2 });
    const claude = model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false, price: { input: 3, output: 15 } }, fake.anthropic.baseURL);
    const { router } = makeRouter({ models: [claude], tiers: { generate: ['claude'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'partial');
    // What the fake server put in message_start for this request (the real API's count of the prompt).
    const reportedInput = deriveUsage(fake.anthropic.chatRequests[0]?.body as Record<string, unknown>, []).input;
    assert.ok(reportedInput > 0);
    assert.deepEqual(result.attempts[0]?.usage?.input, { tokens: reportedInput, source: 'reported' }, 'the reported input, not an estimate');
    assert.equal(result.attempts[0]?.usage?.output.source, 'estimated', 'the output count never arrived: estimated from the text');
  });

  it('localOnly: the cloud servers receive nothing', async () => {
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude', 'llama'] }, settings: { privacy: { localOnly: true } } });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'llama');
    assert.equal(fake.openai.requests.length, 0);
    assert.equal(fake.anthropic.requests.length, 0);
    assert.equal(fake.ollama.chatRequests.length, 1);
  });

  it('retries a short 429 on the same server, and moves on from a long one', async () => {
    fake.openai.enqueue({ kind: 'rate-limit', retryAfterMs: '300' });
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude'] } });
    const short = await route(router, 'generate');
    assert.equal(short.result.modelId, 'gpt');
    assert.equal(fake.openai.chatRequests.length, 2);

    fake.openai.enqueue({ kind: 'rate-limit', retryAfter: '30' });
    const long = await route(router, 'generate');
    assert.equal(long.result.modelId, 'claude');
    assert.equal(fake.openai.chatRequests.length, 3);
  });

  it('keeps partial text when the connection drops mid-stream, and sends nothing to the next server', async () => {
    fake.openai.enqueue({ kind: 'drop-mid-stream', chunks: ['one ', 'two ', 'three'], afterChunks: 2 });
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'partial');
    assert.equal(result.text, 'one two ');
    assert.equal(result.continueWith, 'claude');
    assert.equal(fake.anthropic.requests.length, 0);
  });

  it('moves to a larger window after a context-length error', async () => {
    fake.openai.enqueue({ kind: 'context-length' });
    const { router } = makeRouter({ models: models(), tiers: { understand: ['gpt', 'llama', 'claude'] } });
    const { result } = await route(router, 'understand');
    assert.equal(result.modelId, 'claude');
    assert.equal(fake.ollama.chatRequests.length, 0, 'a smaller window is not tried');
  });

  it('opens the circuit of a failing server, which then receives no request', async () => {
    fake.openai.setDefault({ kind: 'server-error', status: 503 });
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude'] }, settings: { routing: { circuit: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } } } });
    for (let i = 0; i < 5; i++) {
      const { result } = await route(router, 'generate');
      assert.equal(result.modelId, 'claude');
    }
    assert.equal(fake.openai.chatRequests.length, 2);
    assert.equal(router.healthOf('gpt').state, 'open');
  });

  it('hands back the tool calls of the model that answered, after a fallback', async () => {
    fake.openai.enqueue({ kind: 'server-error' });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Checking.'], toolCalls: [{ id: 'toolu_1', name: 'read_file', arguments: '{"path":"src/a.ts"}' }] });
    const { router } = makeRouter({ models: models(), tiers: { understand: ['gpt', 'claude'] } });
    const tools = [{ name: 'read_file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }];
    const { result } = await route(router, 'understand', { ...ask(), tools });
    assert.equal(result.modelId, 'claude');
    assert.equal(result.finishReason, 'tool-calls');
    assert.deepEqual(result.toolCalls, [{ id: 'toolu_1', name: 'read_file', arguments: { path: 'src/a.ts' } }]);
  });

  it('cancellation closes the HTTP request at once and records the usage known so far', async () => {
    fake.anthropic.enqueue({ kind: 'text', chunks: ['a', 'b', 'c', 'd'], chunkDelayMs: 60_000 });
    const { router } = makeRouter({ models: models(), tiers: { review: ['claude'] } });
    const controller = new AbortController();
    let result;
    for await (const e of router.route('review', ask(), { signal: controller.signal })) {
      if (e.type === 'text-delta') controller.abort();
      if (e.type === 'done') result = e.result;
    }
    assert.equal(result?.outcome, 'cancelled');
    assert.equal(result?.text, 'a');
    assert.equal(result?.attempts[0]?.outcome, 'cancelled');
    assert.ok((result?.attempts[0]?.costUsd ?? 0) > 0, 'the prompt sent is counted');
    const exchange = fake.anthropic.chatRequests[0];
    assert.equal(await exchange?.ended, 'client-closed');
  });
});
