import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import type { RegisteredModel } from '../../../src/core/router/registry';
import { deriveUsage } from '../../support/fakeProviders/fakeServerCore';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI, type FakeAnthropicServer, type FakeOllamaServer, type FakeOpenAIServer } from '../../support/fakeProviders';
import { ask, makeRouter, route } from './harness';

/**
 * The router with the real adapters (real SDKs over real HTTP) against local servers that speak
 * each provider's wire protocol. Only the servers are fakes.
 */
describe('router with the real adapters and fake provider servers', () => {
  const KEY = 'sk-test-0123456789abcdefROUTER';
  let openai: FakeOpenAIServer;
  let anthropic: FakeAnthropicServer;
  let ollama: FakeOllamaServer;

  before(async () => {
    [openai, anthropic, ollama] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startFakeOllama()]);
  });
  after(async () => {
    await Promise.all([openai.close(), anthropic.close(), ollama.close()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
    ollama.reset();
  });

  function model(config: Omit<ModelConfig, 'baseUrl'>, baseUrl: string, firstTokenTimeoutMs?: number): RegisteredModel {
    const full = { ...config, baseUrl } as ModelConfig;
    return { config: full, model: createLanguageModel(full, { apiKey: KEY, ...(firstTokenTimeoutMs !== undefined ? { firstTokenTimeoutMs } : {}) }) };
  }
  function models() {
    // The fake servers listen on loopback; `local: false` makes them stand in for cloud endpoints.
    return [
      model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false, contextWindow: 16_000, price: { input: 0.15, output: 0.6 } }, openai.baseURL),
      model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false, contextWindow: 200_000, price: { input: 3, output: 15 } }, anthropic.baseURL),
      model({ id: 'llama', provider: 'ollama', model: 'llama3.2', contextWindow: 8192 }, ollama.baseURL),
    ];
  }

  it('falls back from a 500 to the next provider and streams its answer', async () => {
    openai.enqueue({ kind: 'server-error' });
    anthropic.enqueue({ kind: 'text', chunks: ['Hi', ' there'], usage: { input: 12, output: 3 } });
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
    assert.equal(openai.chatRequests.length, 1, 'the SDK did not retry on its own');
    assert.equal(ollama.chatRequests.length, 0);
  });

  it('moves on when no first token arrives within the model\'s budget, and closes the slow connection', async () => {
    openai.enqueue({ kind: 'hang' });
    anthropic.enqueue({ kind: 'text', chunks: ['Hi'], usage: { input: 12, output: 1 } });
    const [gpt, claude] = [
      model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false }, openai.baseURL, 300),
      model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false }, anthropic.baseURL, 300),
    ];
    const { router } = makeRouter({ models: [gpt, claude], tiers: { generate: ['gpt', 'claude'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'claude');
    assert.equal(result.attempts[0]?.errorKind, 'timeout-first-token');
    assert.equal(await openai.chatRequests[0]?.ended, 'client-closed');
  });

  it('lets a model reason for 1.5 s before its first word under a 1 s first-token budget (one clock, the adapter\'s)', async () => {
    anthropic.enqueue({ kind: 'text', reasoningChunks: ['Let me think.'], afterReasoningDelayMs: 1500, chunks: ['Done.'], usage: { input: 20, output: 9 } });
    const claude = model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false }, anthropic.baseURL, 1000);
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
    anthropic.enqueue({ kind: 'drop-mid-stream', chunks: ['The answer ', 'is', ' long'], afterChunks: 2 });
    const claude = model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false, price: { input: 3, output: 15 } }, anthropic.baseURL);
    const { router } = makeRouter({ models: [claude], tiers: { generate: ['claude'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'partial');
    // What the fake server put in message_start for this request (the real API's count of the prompt).
    const reportedInput = deriveUsage(anthropic.chatRequests[0]?.body as Record<string, unknown>, []).input;
    assert.ok(reportedInput > 0);
    assert.deepEqual(result.attempts[0]?.usage?.input, { tokens: reportedInput, source: 'reported' }, 'the reported input, not an estimate');
    assert.equal(result.attempts[0]?.usage?.output.source, 'estimated', 'the output count never arrived: estimated from the text');
  });

  it('localOnly: the cloud servers receive nothing', async () => {
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude', 'llama'] }, settings: { privacy: { localOnly: true } } });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'llama');
    assert.equal(openai.requests.length, 0);
    assert.equal(anthropic.requests.length, 0);
    assert.equal(ollama.chatRequests.length, 1);
  });

  it('retries a short 429 on the same server, and moves on from a long one', async () => {
    openai.enqueue({ kind: 'rate-limit', retryAfterMs: '300' });
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude'] } });
    const short = await route(router, 'generate');
    assert.equal(short.result.modelId, 'gpt');
    assert.equal(openai.chatRequests.length, 2);

    openai.enqueue({ kind: 'rate-limit', retryAfter: '30' });
    const long = await route(router, 'generate');
    assert.equal(long.result.modelId, 'claude');
    assert.equal(openai.chatRequests.length, 3);
  });

  it('keeps partial text when the connection drops mid-stream, and sends nothing to the next server', async () => {
    openai.enqueue({ kind: 'drop-mid-stream', chunks: ['one ', 'two ', 'three'], afterChunks: 2 });
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude'] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'partial');
    assert.equal(result.text, 'one two ');
    assert.equal(result.continueWith, 'claude');
    assert.equal(anthropic.requests.length, 0);
  });

  it('moves to a larger window after a context-length error', async () => {
    openai.enqueue({ kind: 'context-length' });
    const { router } = makeRouter({ models: models(), tiers: { understand: ['gpt', 'llama', 'claude'] } });
    const { result } = await route(router, 'understand');
    assert.equal(result.modelId, 'claude');
    assert.equal(ollama.chatRequests.length, 0, 'a smaller window is not tried');
  });

  it('opens the circuit of a failing server, which then receives no request', async () => {
    openai.setDefault({ kind: 'server-error', status: 503 });
    const { router } = makeRouter({ models: models(), tiers: { generate: ['gpt', 'claude'] }, settings: { routing: { circuit: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } } } });
    for (let i = 0; i < 5; i++) {
      const { result } = await route(router, 'generate');
      assert.equal(result.modelId, 'claude');
    }
    assert.equal(openai.chatRequests.length, 2);
    assert.equal(router.healthOf('gpt').state, 'open');
  });

  it('cancellation closes the HTTP request at once and records the usage known so far', async () => {
    anthropic.enqueue({ kind: 'text', chunks: ['a', 'b', 'c', 'd'], chunkDelayMs: 60_000 });
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
    const exchange = anthropic.chatRequests[0];
    assert.equal(await exchange?.ended, 'client-closed');
  });
});
