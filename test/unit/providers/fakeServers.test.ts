import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI } from '../../support/fakeProviders';
import { TEST_KEY } from './providerHarness';

/** The fakes must satisfy the real SDKs directly, as the benchmarks use them bare. */
describe('fake provider servers', () => {
  it('OpenAI: sends the usage chunk only when include_usage is requested', async () => {
    const server = await startFakeOpenAI();
    const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
    try {
      server.enqueue({ kind: 'text', chunks: ['a', 'b'], usage: { input: 5, output: 2 } }, { kind: 'text', chunks: ['a', 'b'], usage: { input: 5, output: 2 } });
      const withUsage = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } });
      const usages: unknown[] = [];
      for await (const chunk of withUsage) if (chunk.usage) usages.push(chunk.usage.prompt_tokens);
      assert.deepEqual(usages, [5]);

      const withoutUsage = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true });
      let sawUsage = false;
      let text = '';
      for await (const chunk of withoutUsage) {
        sawUsage ||= Boolean(chunk.usage);
        text += chunk.choices[0]?.delta.content ?? '';
      }
      assert.equal(sawUsage, false);
      assert.equal(text, 'ab');
    } finally {
      await server.close();
    }
  });

  it('OpenAI: answers non-streaming requests and lists models', async () => {
    const server = await startFakeOpenAI({ models: ['m1', 'm2'] });
    const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
    try {
      server.enqueue({ kind: 'text', chunks: ['whole ', 'answer'], usage: { input: 3, output: 2 } });
      const completion = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(completion.choices[0]?.message.content, 'whole answer');
      assert.equal(completion.usage?.completion_tokens, 2);
      const models = [];
      for await (const model of client.models.list()) models.push(model.id);
      assert.deepEqual(models, ['m1', 'm2']);
      assert.deepEqual(
        server.requests.map((r) => `${r.method} ${r.path}`),
        ['POST /v1/chat/completions', 'GET /v1/models'],
      );
      assert.equal(server.chatRequests.length, 1);
    } finally {
      await server.close();
    }
  });

  it('rejects a wrong key with the provider 401 when expectedApiKey is set', async () => {
    const server = await startFakeOpenAI({ expectedApiKey: 'the-right-key' });
    const client = new OpenAI({ apiKey: 'a-wrong-key', baseURL: server.baseURL, maxRetries: 0 });
    try {
      await assert.rejects(
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
        (error: unknown) => error instanceof OpenAI.AuthenticationError && error.status === 401,
      );
    } finally {
      await server.close();
    }
  });

  it('Anthropic: streams the documented event sequence through the SDK', async () => {
    const server = await startFakeAnthropic();
    const client = new Anthropic({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
    try {
      server.enqueue({ kind: 'text', chunks: ['Hi', ' there'], usage: { input: 10, output: 2 } });
      const events = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], stream: true });
      const types: string[] = [];
      for await (const event of events) types.push(event.type);
      assert.deepEqual(types, ['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);

      server.enqueue({ kind: 'text', chunks: ['Whole'], usage: { input: 4, output: 1 } });
      const message = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
      assert.deepEqual(message.content, [{ type: 'text', text: 'Whole' }]);
      assert.equal(message.usage.input_tokens, 4);
    } finally {
      await server.close();
    }
  });

  it('Anthropic: refuses what API version 2026-10-21 refuses (any temperature, top_p or top_k) and thinking with a forced tool or a budget not under max_tokens', async () => {
    const server = await startFakeAnthropic();
    const client = new Anthropic({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
    const base = { model: 'claude-opus-4-5', messages: [{ role: 'user' as const, content: 'x' }] };
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const refused = async (params: Anthropic.MessageCreateParamsNonStreaming, pattern: RegExp): Promise<void> => {
      await assert.rejects(client.messages.create(params), (error: unknown) => error instanceof Anthropic.BadRequestError && pattern.test(error.message));
    };
    try {
      // The SDK's types no longer list the sampling parameters: a body built by hand still can.
      await refused({ ...base, max_tokens: 4096, temperature: 1 } as Anthropic.MessageCreateParamsNonStreaming, /temperature: Extra inputs are not permitted/);
      await refused({ ...base, max_tokens: 4096, top_p: 0.9 } as Anthropic.MessageCreateParamsNonStreaming, /top_p: Extra inputs are not permitted/);
      const tools = [{ name: 'answer', input_schema: { type: 'object' as const, properties: {} } }];
      await refused({ ...base, max_tokens: 4096, thinking, tools, tool_choice: { type: 'tool', name: 'answer' } }, /may not be enabled when tool_choice forces tool use/);
      await refused({ ...base, max_tokens: 2048, thinking }, /max_tokens. must be greater than .thinking\.budget_tokens/);
      await refused({ ...base, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 512 } }, /greater than or equal to 1024/);
      server.enqueue({ kind: 'text', reasoningChunks: ['Hm.'], chunks: ['Fine.'] });
      const ok = await client.messages.create({ ...base, max_tokens: 4096, thinking, tools, tool_choice: { type: 'auto' } });
      assert.deepEqual(ok.content.map((b) => b.type), ['text']);
    } finally {
      await server.close();
    }
  });

  it('Ollama: streams NDJSON, answers stream:false, and serves tags and show', async () => {
    const server = await startFakeOllama({ models: [{ name: 'phi4:latest', family: 'phi3', contextLength: 16384 }] });
    const client = new Ollama({ host: server.url });
    try {
      server.enqueue({ kind: 'text', chunks: ['a', 'b'], usage: { input: 8, output: 2 } }, { kind: 'text', chunks: ['whole'] });
      const parts = await client.chat({ model: 'phi4', messages: [{ role: 'user', content: 'x' }], stream: true });
      let text = '';
      let evalCount: number | undefined;
      for await (const part of parts) {
        text += part.message.content;
        if (part.done) evalCount = part.eval_count;
      }
      assert.equal(text, 'ab');
      assert.equal(evalCount, 2);
      const whole = await client.chat({ model: 'phi4', messages: [{ role: 'user', content: 'x' }], stream: false });
      assert.equal(whole.message.content, 'whole');
      assert.equal((await client.list()).models[0]?.name, 'phi4:latest');
      const shown = await client.show({ model: 'phi4:latest' });
      assert.equal((shown.model_info as unknown as Record<string, unknown>)['phi3.context_length'], 16384);
    } finally {
      await server.close();
    }
  });

  it('takes behaviours from a handler once the queue is empty, and records requests', async () => {
    const server = await startFakeOllama();
    const client = new Ollama({ host: server.url });
    try {
      server.enqueue({ kind: 'text', chunks: ['queued'] });
      server.setHandler((request, index) => ({ kind: 'text', chunks: [`handled ${index} ${String((request.body as { model?: string }).model)}`] }));
      const answers: string[] = [];
      for (let i = 0; i < 3; i++) {
        const reply = await client.chat({ model: 'm', messages: [{ role: 'user', content: `q${i}` }], stream: false });
        answers.push(reply.message.content);
      }
      assert.deepEqual(answers, ['queued', 'handled 1 m', 'handled 2 m']);
      assert.equal(server.chatRequests.length, 3);
      assert.equal(server.chatRequests[2]?.headers['content-type'], 'application/json');
      assert.deepEqual((server.chatRequests[2]?.body as { messages: unknown }).messages, [{ role: 'user', content: 'q2' }]);
      assert.deepEqual(await Promise.all(server.chatRequests.map((r) => r.ended)), ['completed', 'completed', 'completed']);
    } finally {
      await server.close();
    }
  });

  it('keeps no request with record: false (benchmarks), and still answers each from the script in turn', async () => {
    const server = await startFakeOpenAI({ record: false, models: ['m'] });
    const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
    try {
      server.setHandler((_request, index) => ({ kind: 'text', chunks: [`answer ${index}`] }));
      const answers: (string | null | undefined)[] = [];
      for (let i = 0; i < 3; i++) answers.push((await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).choices[0]?.message.content);
      assert.deepEqual(answers, ['answer 0', 'answer 1', 'answer 2']);
      assert.deepEqual((await client.models.list()).data.map((m) => m.id), ['m']);
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('close() ends hanging exchanges so nothing keeps the process alive', async () => {
    const server = await startFakeOpenAI();
    server.setDefault({ kind: 'hang' });
    const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
    const pending = client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true })
      .then(async (stream) => {
        for await (const _chunk of stream) {
          // drain until the server goes away
        }
      })
      .catch((error: unknown) => error);
    await server.waitForChatRequests(1);
    await server.close();
    await pending;
    assert.notEqual(server.chatRequests[0]?.end, undefined);
  });
});
