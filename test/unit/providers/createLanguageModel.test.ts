import assert from 'node:assert/strict';
import { modelConfigSchema } from '../../../src/core/config/settings/models';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI } from '../../support/fakeProviders';
import { TEST_KEY, run } from './providerHarness';

const config = (value: unknown): ModelConfig => modelConfigSchema.parse(value);

describe('createLanguageModel', () => {
  it('builds an OpenAI-compatible model that reaches its base URL with the handed-in key', async () => {
    const server = await startFakeOpenAI({ expectedApiKey: TEST_KEY });
    try {
      const model = createLanguageModel(config({ id: 'local-qwen', provider: 'openai-compatible', model: 'qwen2.5', baseUrl: server.baseURL, maxOutputTokens: 64 }), {
        apiKey: TEST_KEY,
      });
      assert.equal(model.provider, 'openai-compatible');
      assert.equal(model.modelId, 'qwen2.5');
      server.enqueue({ kind: 'text', chunks: ['ok'] });
      const out = await run(model);
      assert.equal(out.error, undefined);
      assert.equal(out.text, 'ok');
      assert.equal(server.chatRequests[0]?.headers.authorization, `Bearer ${TEST_KEY}`);
      assert.equal((server.chatRequests[0]?.body as Record<string, unknown>)['max_tokens'], 64);
    } finally {
      await server.close();
    }
  });

  it('builds Anthropic and Ollama models from their entries', async () => {
    const anthropic = await startFakeAnthropic();
    const ollama = await startFakeOllama();
    try {
      const claude = createLanguageModel(config({ id: 'claude', provider: 'anthropic', model: 'claude-haiku-4-5', baseUrl: anthropic.baseURL, temperature: 0.3 }), { apiKey: TEST_KEY });
      assert.equal(claude.provider, 'anthropic');
      assert.equal((await run(claude)).error, undefined);
      // API version 2026-10-21 refuses any temperature: the setting is not sent (settings warn about it).
      assert.equal('temperature' in (anthropic.chatRequests[0]?.body as Record<string, unknown>), false);

      const llama = createLanguageModel(config({ id: 'llama', provider: 'ollama', model: 'llama3.2', baseUrl: ollama.baseURL }));
      assert.equal(llama.provider, 'ollama');
      assert.equal((await run(llama)).error, undefined);
      assert.equal(ollama.chatRequests.length, 1);
    } finally {
      await anthropic.close();
      await ollama.close();
    }
  });

  it('uses an injected fetch for every request', async () => {
    const server = await startFakeOpenAI();
    try {
      let calls = 0;
      const counting: typeof fetch = (input, init) => {
        calls++;
        return fetch(input, init);
      };
      const model = createLanguageModel(config({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', baseUrl: server.baseURL }), { apiKey: TEST_KEY, fetch: counting });
      assert.equal((await run(model)).error, undefined);
      assert.equal(calls, 1);
    } finally {
      await server.close();
    }
  });

  it('refuses vscode-lm with a message that points to the VS Code layer', () => {
    assert.throws(() => createLanguageModel(config({ id: 'copilot', provider: 'vscode-lm', model: 'gpt-4o' })), /src\/vscode/);
  });
});
