import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import type { ModelRequest } from '../../../src/core/providers/contract';
import { createOpenAIModel } from '../../../src/core/providers/openaiModel';
import { listProviderModels } from '../../../src/core/lmProvider/providerModels';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { createOllamaModel } from '../../../src/core/providers/ollamaModel';
import { startFakeOllama, startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import { registered } from '../router/fakeModel';
import { makeRouter, route } from '../router/harness';
import { ModelRegistry } from '../../../src/core/router/registry';

const WITH_TOOL: ModelRequest = {
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  tools: [{ name: 'get_weather', description: 'The weather in a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
};

describe('requests that carry tools (router)', () => {
  let refusing: FakeOpenAIServer;
  let able: FakeOpenAIServer;

  before(async () => {
    refusing = await startFakeOpenAI({ refuseTools: true });
    able = await startFakeOpenAI();
  });
  afterEach(() => {
    refusing.reset();
    able.reset();
  });
  after(async () => {
    await refusing.close();
    await able.close();
  });

  function models() {
    const localConfig: ModelConfig = { id: 'local', provider: 'openai-compatible', model: 'qwen', baseUrl: refusing.baseURL };
    const backupConfig: ModelConfig = { id: 'backup', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: able.baseURL };
    const local = { config: localConfig, model: createOpenAIModel({ provider: 'openai-compatible', model: 'qwen', baseURL: refusing.baseURL }) };
    const backup = { config: backupConfig, model: createOpenAIModel({ provider: 'openai-compatible', model: 'gpt-4o-mini', baseURL: able.baseURL }) };
    return { local, backup };
  }

  it('learns from a server that refused tools: the next request with tools skips that model, and the explanation says so', async () => {
    const { local, backup } = models();
    const { router } = makeRouter({ models: [local, backup], tiers: { understand: ['local', 'backup'] } });
    const registry = new ModelRegistry([local, backup], { understand: ['local', 'backup'] });
    assert.equal(listProviderModels({ registry }).find((m) => m.id === 'model:local')?.capabilities.toolCalling, true, 'not known yet');

    // The first request finds out: the server refuses the tools before any token.
    able.enqueue({ kind: 'text', chunks: ['sunny'] });
    const first = await route(router, 'understand', WITH_TOOL);
    assert.equal(refusing.chatRequests.length, 1);
    assert.equal(first.result.modelId, 'backup', `${first.result.explanation}: ${first.result.error?.message}`);
    assert.equal(first.result.text, 'sunny');
    assert.equal(listProviderModels({ registry }).find((m) => m.id === 'model:local')?.capabilities.toolCalling, false, 'the refusal is remembered');

    // The next one never reaches it.
    able.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const { result } = await route(router, 'understand', WITH_TOOL);
    assert.equal(refusing.chatRequests.length, 1, 'not asked again with tools');
    assert.equal(result.modelId, 'backup', `${result.explanation}: ${result.error?.message}`);
    assert.deepEqual(result.toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }]);
    assert.match(result.explanation, /local skipped: the request carries tools and this model does not support tool calls \(its server refused them\)/);
  });

  it('learns the same from an Ollama model without tool support', async () => {
    const ollama = await startFakeOllama({ refuseTools: true });
    try {
      const localConfig: ModelConfig = { id: 'llama2', provider: 'ollama', model: 'llama2', baseUrl: ollama.baseURL };
      const local = { config: localConfig, model: createOllamaModel({ model: 'llama2', baseURL: ollama.baseURL }) };
      const { backup } = models();
      const { router } = makeRouter({ models: [local, backup], tiers: { understand: ['llama2', 'backup'] } });
      able.enqueue({ kind: 'text', chunks: ['sunny'] });
      const first = await route(router, 'understand', WITH_TOOL);
      assert.equal(first.result.modelId, 'backup', `${first.result.explanation}: ${first.result.error?.message}`);
      able.enqueue({ kind: 'text', chunks: ['still sunny'] });
      const { result } = await route(router, 'understand', WITH_TOOL);
      assert.equal(ollama.chatRequests.length, 1, 'not asked again with tools');
      assert.equal(result.text, 'still sunny');
      assert.match(result.explanation, /llama2 skipped: the request carries tools and this model does not support tool calls/);
    } finally {
      await ollama.close();
    }
  });

  it('still sends a request without tools to that model', async () => {
    const { local, backup } = models();
    const { router } = makeRouter({ models: [local, backup], tiers: { understand: ['local', 'backup'] } });
    Object.assign(local.model, { features: () => ({ tools: 'unsupported', structuredOutput: 'json-schema' }) });
    refusing.enqueue({ kind: 'text', chunks: ['plain answer'] });
    const { result } = await route(router, 'understand', { messages: [{ role: 'user', content: 'Hello there' }] });
    assert.equal(result.modelId, 'local');
    assert.equal(result.text, 'plain answer');
  });

  it('with toolChoice none, the tools do not count', async () => {
    const only = registered({ id: 'only', provider: 'ollama' });
    Object.assign(only.model, { features: () => ({ tools: 'unsupported', structuredOutput: 'json-schema' }) });
    const { router } = makeRouter({ models: [only], tiers: { understand: ['only'] } });
    const { result } = await route(router, 'understand', { ...WITH_TOOL, toolChoice: 'none' });
    assert.equal(result.modelId, 'only');
  });

  it('records each attempt with the origin the caller gave (model-picker)', async () => {
    const records: AttemptRecord[] = [];
    const a = registered({ id: 'a', provider: 'openai' });
    a.model.then({ type: 'fail', kind: 'server' });
    const b = registered({ id: 'b', provider: 'openai' });
    const { router } = makeRouter({ models: [a, b], tiers: { generate: ['a', 'b'] }, recorder: { record: (r) => void records.push(r) } });
    const { result } = await route(router, 'generate', WITH_TOOL, { origin: 'model-picker' });
    assert.equal(result.modelId, 'b', 'fell back before the first token');
    assert.deepEqual(records.map((r) => [r.modelId, r.outcome, r.origin]), [
      ['a', 'error', 'model-picker'],
      ['b', 'success', 'model-picker'],
    ]);
  });
});
