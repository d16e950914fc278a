import assert from 'node:assert/strict';
import { modelConfigSchema } from '../../../src/core/config/settings/models';
import { parseSettings } from '../../../src/core/config/parseSettings';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import type { ModelRequest } from '../../../src/core/providers/contract';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import { outputAllowance } from '../../../src/core/router/routePlanner';
import { thinksAdaptively } from '../../../src/core/providers/reasoning';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI } from '../../support/fakeProviders';
import { REQUEST, TEST_KEY, run } from './providerHarness';

const config = (value: unknown): ModelConfig => modelConfigSchema.parse(value);
const bodyOf = (server: { chatRequests: readonly { body: unknown }[] }, i = 0): Record<string, unknown> => server.chatRequests[i]?.body as Record<string, unknown>;
const reasoningOf = (parts: readonly { type: string; text?: string }[]): string => parts.flatMap((p) => (p.type === 'reasoning-delta' ? [p.text ?? ''] : [])).join('');

describe('a model asked to reason (models[].reasoning)', () => {
  it('is a setting of low, medium or high; anything else is refused, naming the field', () => {
    assert.equal(config({ id: 'o', provider: 'openai', model: 'o4-mini', reasoning: 'high' }).reasoning, 'high');
    const { settings, diagnostics } = parseSettings({ models: [{ id: 'o', provider: 'openai', model: 'o4-mini', reasoning: 'max' }] });
    assert.equal(settings.models.length, 0);
    assert.match(diagnostics.map((d) => `${d.path} ${d.message}`).join('\n'), /models\[0\]\.reasoning/);
  });

  it('OpenAI and compatible servers: reasoning_effort is sent, and what the model reasons streams as reasoning, not text', async () => {
    const server = await startFakeOpenAI();
    try {
      const thinking = createLanguageModel(config({ id: 'r', provider: 'openai-compatible', model: 'deepseek-r1', baseUrl: server.baseURL, reasoning: 'medium' }), { apiKey: TEST_KEY });
      server.enqueue({ kind: 'text', reasoningChunks: ['Weigh ', 'both.'], chunks: ['Use a map.'] });
      const out = await run(thinking);
      assert.equal(out.error, undefined);
      assert.equal(bodyOf(server)['reasoning_effort'], 'medium');
      assert.equal(reasoningOf(out.parts), 'Weigh both.');
      assert.equal(out.text, 'Use a map.');

      const plain = createLanguageModel(config({ id: 'p', provider: 'openai', model: 'gpt-4o-mini', baseUrl: server.baseURL }), { apiKey: TEST_KEY });
      await run(plain);
      assert.equal('reasoning_effort' in bodyOf(server, 1), false, 'unset: the provider decides');
    } finally {
      await server.close();
    }
  });

  it('Anthropic: extended thinking with the level budget on top of the answer allowance, and no temperature', async () => {
    const server = await startFakeAnthropic();
    try {
      const claude = createLanguageModel(config({ id: 'c', provider: 'anthropic', model: 'claude-opus-4-5', baseUrl: server.baseURL, maxOutputTokens: 2000, temperature: 0.2, reasoning: 'medium' }), { apiKey: TEST_KEY });
      server.enqueue({ kind: 'text', reasoningChunks: ['The loop ', 'is quadratic.'], chunks: ['Sort first.'] });
      const out = await run(claude);
      assert.equal(out.error, undefined);
      const body = bodyOf(server);
      assert.deepEqual(body['thinking'], { type: 'enabled', budget_tokens: 4096 });
      assert.equal(body['max_tokens'], 2000 + 4096);
      assert.equal('temperature' in body, false, 'the API allows no temperature with thinking');
      assert.equal(reasoningOf(out.parts), 'The loop is quadratic.');
      assert.equal(out.text, 'Sort first.');
    } finally {
      await server.close();
    }
  });

  it('Anthropic 4.6 and later: adaptive thinking with the level as its effort, which those models take instead of a budget', async () => {
    const server = await startFakeAnthropic();
    try {
      const opus = createLanguageModel(config({ id: 'o', provider: 'anthropic', model: 'claude-opus-4-7', baseUrl: server.baseURL, maxOutputTokens: 2000, reasoning: 'high' }), { apiKey: TEST_KEY });
      server.enqueue({ kind: 'text', reasoningChunks: ['Check the callers.'], chunks: ['Rename it.'] });
      const out = await run(opus);
      assert.equal(out.error, undefined);
      const body = bodyOf(server);
      assert.deepEqual(body['thinking'], { type: 'adaptive' });
      assert.deepEqual(body['output_config'], { effort: 'high' });
      assert.equal(body['max_tokens'], 2000 + 16_384, 'thinking still counts against max_tokens');
      assert.equal(reasoningOf(out.parts), 'Check the callers.');
    } finally {
      await server.close();
    }
    for (const model of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-8', 'claude-sonnet-5', 'claude-haiku-5-5', 'claude-opus-5-5', 'claude-mythos-preview', 'claude-fable-5-2'])
      assert.equal(thinksAdaptively(model), true, model);
    for (const model of ['claude-opus-4-5', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5', 'claude-3-7-sonnet-latest', 'my-proxy-model'])
      assert.equal(thinksAdaptively(model), false, model);
  });

  it('Anthropic: no thinking for structured output (a forced tool) or a conversation that continues a tool call', async () => {
    const server = await startFakeAnthropic();
    try {
      const claude = createLanguageModel(config({ id: 'c', provider: 'anthropic', model: 'claude-opus-4-5', baseUrl: server.baseURL, reasoning: 'high' }), { apiKey: TEST_KEY });
      const structured: ModelRequest = { ...REQUEST, responseSchema: { name: 'verdict', schema: { type: 'object', properties: { accept: { type: 'boolean' } }, required: ['accept'] } } };
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'toolu_1', name: 'verdict', arguments: '{"accept":true}' }] });
      await run(claude, structured);
      assert.equal('thinking' in bodyOf(server, 0), false);
      assert.equal(bodyOf(server, 0)['max_tokens'], 4096, 'the answer allowance alone');

      const continued: ModelRequest = {
        messages: [
          { role: 'user', content: 'Read the file.' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_2', name: 'read_file', arguments: { path: 'a.ts' } }] },
          { role: 'tool', toolCallId: 'toolu_2', toolName: 'read_file', content: 'export {}' },
        ],
        tools: [{ name: 'read_file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }],
      };
      await run(claude, continued);
      assert.equal('thinking' in bodyOf(server, 1), false);

      await run(claude);
      assert.deepEqual(bodyOf(server, 2)['thinking'], { type: 'enabled', budget_tokens: 16_384 });
    } finally {
      await server.close();
    }
  });

  it('Ollama: think is switched on, and thinking streams as reasoning', async () => {
    const server = await startFakeOllama();
    try {
      const qwen = createLanguageModel(config({ id: 'q', provider: 'ollama', model: 'qwen3:8b', baseUrl: server.baseURL, reasoning: 'low' }));
      server.enqueue({ kind: 'text', reasoningChunks: ['Hmm.'], chunks: ['Done.'] });
      const out = await run(qwen);
      assert.equal(out.error, undefined);
      assert.equal(bodyOf(server)['think'], true);
      assert.equal(reasoningOf(out.parts), 'Hmm.');
    } finally {
      await server.close();
    }
  });

  it("the router's worst case counts Anthropic's thinking budget as output, and no one else's", () => {
    const entry = (c: unknown) => ({ config: config(c) }) as Parameters<typeof outputAllowance>[1];
    assert.equal(outputAllowance(REQUEST, entry({ id: 'c', provider: 'anthropic', model: 'claude-opus-4-5', maxOutputTokens: 1000, reasoning: 'low' })), 1000 + 1024);
    assert.equal(outputAllowance(REQUEST, entry({ id: 'o', provider: 'openai', model: 'o4-mini', maxOutputTokens: 1000, reasoning: 'high' })), 1000);
  });
});
