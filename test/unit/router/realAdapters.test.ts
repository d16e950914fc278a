import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../src/core/config/schema';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import type { RegisteredModel } from '../../../src/core/router/registry';
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

  function model(config: Omit<ModelConfig, 'baseUrl'>, baseUrl: string): RegisteredModel {
    const full = { ...config, baseUrl } as ModelConfig;
    return { config: full, model: createLanguageModel(full, { apiKey: KEY }) };
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
