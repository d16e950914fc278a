import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { isModelError, type ModelRequest, type ResponseSchema, type StreamPart, type ToolCall, type ToolDefinition } from '../../../src/core/providers/contract';
import { createOpenAIModel } from '../../../src/core/providers/openaiModel';
import { estimateTokens } from '../../../src/core/providers/tokenEstimate';
import type { ModelSettings } from '../../../src/core/providers/modelSettings';
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from '../../support/fakeProviders';
import { run, TEST_KEY } from './providerHarness';

/** Tools, tool choice and structured output through the real `openai` SDK against the fake server. */

const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

const ASK: ModelRequest = {
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Weather in Paris?' },
  ],
  tools: [WEATHER],
};

const VERDICT: ResponseSchema = {
  name: 'verdict',
  description: 'Whether the change is safe.',
  schema: { type: 'object', properties: { safe: { type: 'boolean' }, reason: { type: 'string' } }, required: ['safe', 'reason'], additionalProperties: false },
};

const ASK_VERDICT: ModelRequest = {
  messages: [
    { role: 'system', content: 'You review changes.' },
    { role: 'user', content: 'Is this safe?' },
  ],
  responseSchema: VERDICT,
};

type Provider = 'openai' | 'openai-compatible';

function modelFor(provider: Provider, server: FakeOpenAIServer, settings: Partial<ModelSettings> = {}): ReturnType<typeof createOpenAIModel> {
  return provider === 'openai'
    ? createOpenAIModel({ model: 'gpt-4o-mini', apiKey: TEST_KEY, baseURL: server.baseURL, ...settings })
    : createOpenAIModel({ provider: 'openai-compatible', model: 'qwen2.5-coder', baseURL: server.baseURL, ...settings });
}

function toolCalls(parts: readonly StreamPart[]): ToolCall[] {
  return parts.flatMap((p) => (p.type === 'tool-call' ? [p.call] : []));
}

function finishReason(parts: readonly StreamPart[]): string | undefined {
  const last = parts.at(-1);
  return last?.type === 'finish' ? last.reason : undefined;
}

function body(server: FakeOpenAIServer, index: number): Record<string, unknown> {
  return server.chatRequests[index]?.body as Record<string, unknown>;
}

async function withServer(options: FakeOpenAIOptions, test: (server: FakeOpenAIServer) => Promise<void>): Promise<void> {
  const server = await startFakeOpenAI(options);
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

for (const provider of ['openai', 'openai-compatible'] as const) {
  describe(`${provider} model: tools and structured output`, () => {
    let server: FakeOpenAIServer;

    before(async () => {
      server = await startFakeOpenAI();
    });
    afterEach(() => {
      server.reset();
    });
    after(async () => {
      await server.close();
    });

    it('round-trips a tool call: the call, then the assistant turn and the result on the wire, then the answer', async () => {
      const model = modelFor(provider, server);
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }] });
      const first = await run(model, ASK);
      assert.equal(first.error, undefined);
      assert.deepEqual(toolCalls(first.parts), [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris' } }]);
      assert.deepEqual(first.parts.map((p) => p.type), ['tool-call', 'finish']);
      assert.equal(finishReason(first.parts), 'tool-calls');
      assert.deepEqual(body(server, 0)['tools'], [
        { type: 'function', function: { name: 'get_weather', description: 'The weather in a city.', parameters: WEATHER.inputSchema } },
      ]);
      assert.equal('tool_choice' in body(server, 0), false, 'no tool_choice unless asked: the server default is auto');

      server.enqueue({ kind: 'text', chunks: ['Sunny, ', '21 °C.'] });
      const second = await run(model, {
        ...ASK,
        messages: [
          ...ASK.messages,
          { role: 'assistant', content: '', toolCalls: toolCalls(first.parts) },
          { role: 'tool', toolCallId: 'call_w1', toolName: 'get_weather', content: '{"sky":"sunny","celsius":21}' },
        ],
      });
      assert.equal(second.error, undefined);
      assert.equal(second.text, 'Sunny, 21 °C.');
      const sent = body(server, 1)['messages'] as unknown[];
      assert.deepEqual(sent.slice(-2), [
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_w1', content: '{"sky":"sunny","celsius":21}' },
      ]);
    });

    it('marks a failed tool result as an error in its text (chat completions has no flag for it)', async () => {
      const model = modelFor(provider, server);
      server.enqueue({ kind: 'text', chunks: ['It failed.'] });
      await run(model, {
        ...ASK,
        messages: [
          ...ASK.messages,
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_x', name: 'get_weather', arguments: { city: 'Atlantis' } }] },
          { role: 'tool', toolCallId: 'call_x', toolName: 'get_weather', content: 'no such city', isError: true },
        ],
      });
      const sent = body(server, 0)['messages'] as unknown[];
      assert.deepEqual(sent.at(-1), { role: 'tool', tool_call_id: 'call_x', content: 'Error: no such city' });
    });

    it('yields parallel tool calls whole, in index order, after the text of the same turn', async () => {
      server.enqueue({
        kind: 'text',
        chunks: ['Checking both.'],
        toolCalls: [
          { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_b', name: 'get_weather', arguments: '{"city":"Oslo"}' },
          { id: 'call_c', name: 'get_time', arguments: '' },
        ],
      });
      const out = await run(modelFor(provider, server), ASK);
      assert.equal(out.error, undefined);
      assert.deepEqual(out.parts.map((p) => p.type), ['text-delta', 'tool-call', 'tool-call', 'tool-call', 'finish']);
      assert.deepEqual(toolCalls(out.parts), [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_b', name: 'get_weather', arguments: { city: 'Oslo' } },
        // Empty argument text means no arguments.
        { id: 'call_c', name: 'get_time', arguments: {} },
      ]);
    });

    it('assembles arguments cut anywhere: mid-key, mid-string, inside an escape, mid-number', async () => {
      const args = '{"city":"Par\\"is","days":[12,3],"note":"é"}';
      const fragments = ['{"ci', 'ty":"Par\\', '"is","da', 'ys":[1', '2,3],"note":"', 'é"}'];
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_f', name: 'get_weather', arguments: args, fragments }] });
      const out = await run(modelFor(provider, server), ASK);
      assert.equal(out.error, undefined);
      assert.deepEqual(toolCalls(out.parts), [{ id: 'call_f', name: 'get_weather', arguments: { city: 'Par"is', days: [12, 3], note: 'é' } }]);
      assert.ok(server.chatRequests[0]?.rawBody.includes('"tools"'));
    });

    it('fails with a server error that keeps the usage when a tool call arguments are not JSON', async () => {
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_x', name: 'get_weather', arguments: '{"city": "Paris"' }], usage: { input: 30, output: 9 } });
      const out = await run(modelFor(provider, server), ASK);
      assert.ok(isModelError(out.error), String(out.error));
      assert.equal(out.error.kind, 'server');
      assert.equal(out.error.retryable, true);
      assert.match(out.error.message, /sent tool call get_weather with arguments that are not valid JSON/);
      assert.deepEqual(out.error.usage?.output, { tokens: 9, source: 'reported' });
      assert.equal(toolCalls(out.parts).length, 0, 'no call of the broken turn is yielded');
    });

    it('estimates the output of a failed tool-call turn from every call it wrote, and its text, when no usage is reported', async () => {
      const text = 'Checking both cities first.';
      const good = '{"city":"Rome"}';
      const broken = '{"city": "Paris", "days": [1, 2, 3], "note": "a longer argument text than the rest"';
      server.enqueue({ kind: 'text', chunks: [text], toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: good }, { id: 'call_b', name: 'get_forecast', arguments: broken }], usage: 'omit' });
      const out = await run(modelFor(provider, server), ASK);
      assert.ok(isModelError(out.error), String(out.error));
      assert.deepEqual(out.error.usage?.output, { tokens: estimateTokens(`${text}get_weather${good}get_forecast${broken}`), source: 'estimated' });
    });

    it('reads a tool call that a compatible server ends with "stop" as finish reason tool-calls', async () => {
      server.enqueue({ kind: 'text', chunks: [], finishReason: 'stop', toolCalls: [{ id: 'call_s', name: 'get_weather', arguments: '{"city":"Rome"}' }] });
      const out = await run(modelFor(provider, server), ASK);
      assert.equal(finishReason(out.parts), 'tool-calls');
    });

    it('sends tool_choice as OpenAI spells it', async () => {
      const model = modelFor(provider, server);
      const cases = [
        ['auto', 'auto'],
        ['none', 'none'],
        ['required', 'required'],
        [{ type: 'tool', name: 'get_weather' }, { type: 'function', function: { name: 'get_weather' } }],
      ] as const;
      for (const [choice] of cases) {
        await run(model, { ...ASK, toolChoice: choice });
      }
      assert.deepEqual(
        server.chatRequests.map((r) => (r.body as Record<string, unknown>)['tool_choice']),
        cases.map(([, wire]) => wire),
      );
      await run(model, { messages: ASK.messages, tools: [], toolChoice: 'required' });
      assert.equal('tools' in body(server, 4), false, 'an empty tool list is not sent');
      assert.equal('tool_choice' in body(server, 4), false, 'nor a choice without tools');
    });

    it('asks for a schema with response_format json_schema, strict when the schema allows it, and streams the JSON as text', async () => {
      const model = modelFor(provider, server);
      server.enqueue({ kind: 'text', chunks: ['{"safe":', 'true,"reason":"tests pass"}'] });
      const out = await run(model, ASK_VERDICT);
      assert.equal(out.error, undefined);
      assert.deepEqual(JSON.parse(out.text), { safe: true, reason: 'tests pass' });
      assert.deepEqual(body(server, 0)['response_format'], {
        type: 'json_schema',
        json_schema: { name: 'verdict', description: 'Whether the change is safe.', schema: VERDICT.schema, strict: true },
      });

      // An optional field does not fit strict mode; the schema goes as written, strict off.
      const loose: ResponseSchema = { name: 'verdict', schema: { ...VERDICT.schema, required: ['safe'] } };
      await run(model, { ...ASK_VERDICT, responseSchema: loose });
      assert.deepEqual(body(server, 1)['response_format'], { type: 'json_schema', json_schema: { name: 'verdict', schema: loose.schema, strict: false } });
      assert.equal(model.features?.().structuredOutput, 'json-schema');
    });

    it('asks for a schema whose root is not an object as { value } and streams the answer unwrapped, as JSON mode does', async () => {
      const model = modelFor(provider, server);
      const steps: ResponseSchema = { name: 'steps', schema: { type: 'array', items: { type: 'string' } } };
      server.enqueue({ kind: 'text', chunks: ['{"value":["read', ' the file","fix it"]}'] });
      const out = await run(model, { ...ASK_VERDICT, responseSchema: steps });
      assert.equal(out.error, undefined);
      assert.deepEqual(JSON.parse(out.text), ['read the file', 'fix it']);
      assert.deepEqual(body(server, 0)['response_format'], {
        type: 'json_schema',
        json_schema: {
          name: 'steps',
          schema: { type: 'object', properties: { value: { type: 'array', items: { type: 'string' } } }, required: ['value'], additionalProperties: false },
          strict: true,
        },
      });
      // An object schema is sent and streamed as it is.
      server.enqueue({ kind: 'text', chunks: ['{"safe":true,', '"reason":"ok"}'] });
      const plain = await run(model, ASK_VERDICT);
      assert.deepEqual(plain.parts.filter((p) => p.type === 'text-delta').length, 2);
      // An answer that is not the wrapper goes on as it came, for the schema check to name.
      server.enqueue({ kind: 'text', chunks: ['["no wrapper"]'] });
      assert.equal((await run(model, { ...ASK_VERDICT, responseSchema: steps })).text, '["no wrapper"]');
    });

    it('reports a model that declines in the API’s refusal field as a content-policy error with its words', async () => {
      server.enqueue({ kind: 'text', chunks: [], refusalChunks: ["I'm sorry, ", 'I cannot help with that.'] });
      const out = await run(modelFor(provider, server), ASK_VERDICT);
      assert.ok(isModelError(out.error), String(out.error));
      assert.equal(out.error.kind, 'content-policy');
      assert.match(out.error.message, /declined to answer: I'm sorry, I cannot help with that\./);
      assert.equal(out.text, '');
    });

    it('reports a server that refuses tools as a bad request saying the model does not support tool calls', async () => {
      await withServer({ refuseTools: true }, async (refusing) => {
        const model = modelFor(provider, refusing);
        assert.equal(model.features?.().tools, provider === 'openai' ? 'native' : 'unknown');
        const out = await run(model, ASK);
        assert.ok(isModelError(out.error), String(out.error));
        assert.equal(out.error.kind, 'bad-request');
        assert.equal(out.error.status, 400);
        assert.match(out.error.message, /does not support tool calls/);
        assert.match(out.error.message, /requires --jinja/);
        assert.equal(refusing.chatRequests.length, 1, 'no silent retry without the tools');
        assert.equal(model.features?.().tools, 'unsupported');
      });
    });

    it('counts reasoning as the first token: 1.5 s of reasoning, then text, within a 1 s first-token budget', async function () {
      this.timeout(10_000);
      server.enqueue({ kind: 'text', reasoningChunks: ['Weighing it up.'], afterReasoningDelayMs: 1500, chunks: ['Yes.'] });
      const out = await run(modelFor(provider, server, { firstTokenTimeoutMs: 1000 }));
      assert.equal(out.error, undefined);
      assert.deepEqual(out.parts.map((p) => p.type), ['reasoning-delta', 'text-delta', 'finish']);
      assert.equal(out.text, 'Yes.');
    });
  });
}

describe('openai-compatible model: structured output fallback', () => {
  it('retries once in JSON mode with the schema in the system message when json_schema is refused, then goes there directly', async () => {
    await withServer({ refuseJsonSchema: true }, async (server) => {
      server.setDefault({ kind: 'text', chunks: ['{"safe":true,"reason":"ok"}'] });
      const model = modelFor('openai-compatible', server);
      assert.equal(model.features?.().structuredOutput, 'json-schema');

      const first = await run(model, ASK_VERDICT);
      assert.equal(first.error, undefined);
      assert.equal(first.text, '{"safe":true,"reason":"ok"}');
      assert.equal(model.features?.().structuredOutput, 'json-object');
      const second = await run(model, ASK_VERDICT);
      assert.equal(second.error, undefined);

      assert.equal(server.chatRequests.length, 3, 'two calls: one refused request, one retry, one direct');
      assert.equal((body(server, 0)['response_format'] as { type: string }).type, 'json_schema');
      for (const index of [1, 2]) {
        assert.deepEqual(body(server, index)['response_format'], { type: 'json_object' });
        const messages = body(server, index)['messages'] as Array<{ role: string; content: string }>;
        assert.equal(messages.length, 2);
        assert.equal(messages[0]?.role, 'system');
        assert.ok(messages[0]?.content.startsWith('You review changes.\n\nAnswer with one JSON object valid against this JSON Schema'));
        assert.ok(messages[0]?.content.endsWith(JSON.stringify(VERDICT.schema)));
        assert.deepEqual(messages[1], { role: 'user', content: 'Is this safe?' });
      }
    });
  });

  it('reads the reason from an error in vLLM older top-level shape', async () => {
    await withServer({}, async (server) => {
      const message = '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set';
      server.enqueue({ kind: 'raw', status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'error', message, type: 'BadRequestError', param: null, code: 400 }) });
      const out = await run(modelFor('openai-compatible', server), { ...ASK, toolChoice: 'auto' });
      assert.ok(isModelError(out.error), String(out.error));
      assert.equal(out.error.kind, 'bad-request');
      assert.match(out.error.message, /does not support tool calls.*--enable-auto-tool-choice/);
    });
  });

  it('learns that tools work once the model has called one', async () => {
    await withServer({}, async (server) => {
      const model = modelFor('openai-compatible', server);
      await run(model, ASK);
      assert.equal(model.features?.().tools, 'unknown', 'an answer in words proves nothing');
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
      const out = await run(model, ASK);
      assert.equal(toolCalls(out.parts)[0]?.id, 'call_fake1x0');
      assert.equal(model.features?.().tools, 'native');
    });
  });
});

describe('openai model: no structured output fallback', () => {
  it('treats a refused json_schema as a real error', async () => {
    await withServer({ refuseJsonSchema: true }, async (server) => {
      const model = modelFor('openai', server);
      const out = await run(model, ASK_VERDICT);
      assert.ok(isModelError(out.error), String(out.error));
      assert.equal(out.error.kind, 'bad-request');
      assert.equal(server.chatRequests.length, 1);
      assert.equal(model.features?.().structuredOutput, 'json-schema');
    });
  });
});

describe('fake OpenAI server: non-streaming tool calls', () => {
  it('answers message.tool_calls as OpenAI does', async () => {
    await withServer({}, async (server) => {
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_n', name: 'get_weather', arguments: '{"city":"Lima"}' }] });
      const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather?' }] });
      const choice = completion.choices[0];
      assert.equal(choice?.finish_reason, 'tool_calls');
      assert.equal(choice?.message.content, null);
      assert.deepEqual(choice?.message.tool_calls, [{ id: 'call_n', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lima"}' } }]);
    });
  });
});
